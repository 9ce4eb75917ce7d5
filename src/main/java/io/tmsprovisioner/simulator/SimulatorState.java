package io.tmsprovisioner.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The starting state of a simulated Tapis tenant: who can log in, which systems exist and which
 * credentials are already stored. Immutable; the running simulator keeps its own mutable copy.
 *
 * @param tokenLifetimeSeconds how long an access token lives (Tapis's default is 4 hours)
 */
public record SimulatorState(long tokenLifetimeSeconds, List<Account> accounts, List<SystemDef> systems,
                             List<Credential> credentials) {

    public static final long DEFAULT_TOKEN_LIFETIME_SECONDS = 14_400;

    /** The authentication methods Tapis knows (Systems API 1.8). */
    public static final Set<String> AUTHN_METHODS =
            Set.of("PASSWORD", "PKI_KEYS", "ACCESS_KEY", "TOKEN", "TMS_KEYS", "CERT");

    /** A user who can log in. A tenant admin may manage anyone's credentials on any system. */
    public record Account(String username, String password, boolean tenantAdmin) {
        public Account {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * A Tapis system.
     *
     * @param hostCheckFails the host rejects every credential (e.g. its sshd is not set up for TMS):
     *                       creates store the credential but then answer 401, checks answer 401
     *                       ({@code SYSLIB_CRED_VALID_FAIL})
     * @param hostDown       the host cannot be reached at first (see {@link TapisSimulator#setHostDown})
     */
    public record SystemDef(String id, String defaultAuthnMethod, String owner, boolean hostCheckFails,
                            boolean hostDown) {
        public SystemDef {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(defaultAuthnMethod, "defaultAuthnMethod");
            Objects.requireNonNull(owner, "owner");
        }

        public boolean usesTmsKeys() {
            return "TMS_KEYS".equals(defaultAuthnMethod);
        }
    }

    /** A stored credential of {@code username} on system {@code systemId}. */
    public record Credential(String systemId, String username) {
        public Credential {
            Objects.requireNonNull(systemId, "systemId");
            Objects.requireNonNull(username, "username");
        }

        /** The "systemId/username" form used by {@link TapisSimulator#credentialPairs()}. */
        @Override
        public String toString() {
            return systemId + "/" + username;
        }
    }

    public SimulatorState {
        if (tokenLifetimeSeconds <= 0) {
            throw new IllegalArgumentException("tokenLifetimeSeconds must be positive, got " + tokenLifetimeSeconds);
        }
        accounts = List.copyOf(accounts);
        systems = List.copyOf(systems);
        credentials = List.copyOf(credentials);
        requireUnique("account username", accounts.stream().map(Account::username).toList());
        requireUnique("system id", systems.stream().map(SystemDef::id).toList());
        for (SystemDef system : systems) {
            if (!AUTHN_METHODS.contains(system.defaultAuthnMethod())) {
                throw new IllegalArgumentException("system " + system.id() + ": unknown defaultAuthnMethod '"
                        + system.defaultAuthnMethod() + "', expected one of " + AUTHN_METHODS);
            }
        }
        Set<String> systemIds = new HashSet<>(systems.stream().map(SystemDef::id).toList());
        for (Credential credential : credentials) {
            if (!systemIds.contains(credential.systemId())) {
                throw new IllegalArgumentException("credential " + credential + " names unknown system '"
                        + credential.systemId() + "'");
            }
        }
    }

    /** Reads the JSON format described in {@code samples/tapis-sim.json}; IllegalArgumentException when invalid. */
    public static SimulatorState read(Path jsonFile) {
        try (InputStream in = Files.newInputStream(jsonFile)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator state " + jsonFile, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(jsonFile + ": " + e.getMessage(), e);
        }
    }

    /** Reads the JSON format described in {@code samples/tapis-sim.json}; IllegalArgumentException when invalid. */
    public static SimulatorState read(InputStream json) {
        return StateReader.read(json);
    }

    private static void requireUnique(String what, List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                throw new IllegalArgumentException("duplicate " + what + " '" + value + "'");
            }
        }
    }
}
