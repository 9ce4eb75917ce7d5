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
 * @param tenant               the tenant's id, which Tapis writes into its messages as jwtTenant and OboTenant
 * @param tms                  how far the tenant is set up for TMS keys
 */
public record SimulatorState(long tokenLifetimeSeconds, String tenant, TmsSetup tms, List<Account> accounts,
                             List<SystemDef> systems, List<Credential> credentials) {

    public static final long DEFAULT_TOKEN_LIFETIME_SECONDS = 14_400;
    public static final String DEFAULT_TENANT = "designsafe";

    /** The authentication methods Tapis knows (Systems API 1.8). */
    public static final Set<String> AUTHN_METHODS =
            Set.of("PASSWORD", "PKI_KEYS", "ACCESS_KEY", "TOKEN", "TMS_KEYS", "CERT");

    /** The system types Tapis knows (Systems API 1.8). */
    public static final Set<String> SYSTEM_TYPES = Set.of("LINUX", "S3", "IRODS", "GLOBUS");

    /** The {@code effectiveUserId} of a system on which each user logs in as themselves. */
    public static final String DYNAMIC_EFFECTIVE_USER = "${apiUserId}";

    /**
     * How far TMS keys work on the tenant (contract page, "createUserCredential", steps 1 and 2). Only {@link #MVP}
     * mints; the others refuse every {@code createTmsKeys} create with a 500 {@code SYSAPI_CRED_ERROR} and mint nothing.
     */
    public enum TmsSetup {
        /** TMS mints for any caller, as in its "MVP" mode. */
        MVP,
        /**
         * TMS is not in MVP mode and lacks the delegation, user-MFA and user-host records that would let the caller
         * act for a user: it answers {@code 403 Missing or expired dependency} ({@code SYSLIB_CRED_TMS_KEYS_HTTP_ERR}).
         */
        DELEGATION_REQUIRED,
        /** Systems does not allow TMS keys for this tenant ({@code SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED}). */
        TENANT_NOT_ALLOWED,
        /** Systems has no TMS server configured ({@code SYSLIB_CRED_TMS_KEYS_NOT_CFG}). */
        NOT_CONFIGURED
    }

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
     * @param hostCheckFails  the host rejects every credential (e.g. its sshd is not set up for TMS): verifying a
     *                        stored or new credential answers {@code SYSLIB_CRED_VALID_FAIL}
     * @param hostDown        the host cannot be reached at first (see {@link TapisSimulator#setHostDown})
     * @param host            the host name Tapis connects to; several systems may share one
     * @param systemType      one of {@link #SYSTEM_TYPES}; TMS keys need LINUX
     * @param effectiveUserId {@link #DYNAMIC_EFFECTIVE_USER}, or the one account everybody logs in as (a static
     *                        effectiveUserId, which TMS keys refuse)
     * @param readers         users granted READ on the system (or with whom it is shared), besides its owner and the
     *                        tenant admins: they may read it and check their own credential; anyone else may not
     *                        even look it up ({@code SystemsServiceImpl.checkForSystem}: a 500 {@code SYSAPI_CHECK_ERROR})
     */
    public record SystemDef(String id, String defaultAuthnMethod, String owner, boolean hostCheckFails,
                            boolean hostDown, String host, String systemType, String effectiveUserId,
                            List<String> readers) {
        public SystemDef {
            readers = List.copyOf(readers);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(defaultAuthnMethod, "defaultAuthnMethod");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(systemType, "systemType");
            Objects.requireNonNull(effectiveUserId, "effectiveUserId");
        }

        /** A LINUX system of its own host, {@code <id>.example.org}, on which each user logs in as themselves. */
        public SystemDef(String id, String defaultAuthnMethod, String owner, boolean hostCheckFails, boolean hostDown) {
            this(id, defaultAuthnMethod, owner, hostCheckFails, hostDown, defaultHost(id), "LINUX",
                    DYNAMIC_EFFECTIVE_USER);
        }

        /** A system nobody but its owner and the tenant admins may read. */
        public SystemDef(String id, String defaultAuthnMethod, String owner, boolean hostCheckFails, boolean hostDown,
                         String host, String systemType, String effectiveUserId) {
            this(id, defaultAuthnMethod, owner, hostCheckFails, hostDown, host, systemType, effectiveUserId, List.of());
        }

        public static String defaultHost(String systemId) {
            return systemId + ".example.org";
        }

        public boolean usesTmsKeys() {
            return "TMS_KEYS".equals(defaultAuthnMethod);
        }

        public boolean hasStaticEffectiveUser() {
            return !DYNAMIC_EFFECTIVE_USER.equals(effectiveUserId);
        }

        /** The account Tapis acts as for {@code username}: the static one, or the user. */
        public String effectiveUser(String username) {
            return hasStaticEffectiveUser() ? effectiveUserId : username;
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

    /** A tenant {@value #DEFAULT_TENANT} whose TMS mints for anyone. */
    public SimulatorState(long tokenLifetimeSeconds, List<Account> accounts, List<SystemDef> systems,
                          List<Credential> credentials) {
        this(tokenLifetimeSeconds, DEFAULT_TENANT, TmsSetup.MVP, accounts, systems, credentials);
    }

    public SimulatorState {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tms, "tms");
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
            if (!SYSTEM_TYPES.contains(system.systemType())) {
                throw new IllegalArgumentException("system " + system.id() + ": unknown systemType '"
                        + system.systemType() + "', expected one of " + SYSTEM_TYPES);
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
