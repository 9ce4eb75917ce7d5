package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SendGuard;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory Tapis for the rules' unit tests: systems, stored credentials, a call log and scripted refusals.
 * A create stores what it minted without a host check ({@code skipCredentialCheck}); a check answers what the
 * verify step would say of what is stored.
 */
final class FakeTapis implements TapisSystems {
    final Map<String, SystemInfo> systems = new HashMap<>();
    final Set<String> credentials = new HashSet<>();
    /** Systems whose host rejects stored credentials: a check answers INVALID. */
    final Set<String> hostRejects = new HashSet<>();
    /** Pairs whose stored key the host refuses, until a create replaces it. */
    final Set<String> refusedKeys = new HashSet<>();
    /** Systems whose host cannot be reached: a check of a stored credential answers UNREACHABLE. */
    final Set<String> hostsDown = new HashSet<>();
    /** Answers the verify step gives for a pair, whatever is stored: for reasons the other sets do not model. */
    final Map<String, CredentialCheck> verifyAnswers = new HashMap<>();
    final Map<String, RuntimeException> failures = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final Map<String, Integer> failuresLeft = new HashMap<>();
    /** Whether the caller may impersonate: the listing answers; else it is refused with 403 SYSLIB_UNAUTH_IMPERSONATE. */
    boolean mayImpersonate;
    /** Pairs stored but left out of the listing (Systems' hasCredentials leaves TMS_KEYS out). */
    final Set<String> unlisted = new HashSet<>();
    /** Whether a create that fails (for instance with a lost answer) still stores the credential. */
    boolean createDespiteFailure;

    FakeTapis system(String id, String method) {
        return system(new SystemInfo(id, method, true, "LINUX", id + ".example.org"));
    }

    FakeTapis system(SystemInfo system) {
        systems.put(system.id(), system);
        return this;
    }

    FakeTapis credential(String systemId, String username) {
        credentials.add(systemId + "/" + username);
        return this;
    }

    /** A stored key that the host refuses; a new one works. */
    FakeTapis refusedKey(String systemId, String username) {
        refusedKeys.add(systemId + "/" + username);
        return credential(systemId, username);
    }

    /** Makes the named call ("check", "getSystem", "create", "remove") refuse with this answer. */
    FakeTapis refuse(String call, int status, String code, String message) {
        return fail(call, new TapisRefusalException(status, code, message));
    }

    /** Makes the named call throw the next {@code times} times it is made, then behave again. */
    FakeTapis failTimes(String call, int times, RuntimeException failure) {
        failuresLeft.put(call, times);
        return fail(call, failure);
    }

    /** Makes the named call throw. */
    FakeTapis fail(String call, RuntimeException failure) {
        failures.put(call, failure);
        return this;
    }

    /** How many creates were sent for the pair: each mints a key pair at TMS. */
    long creates(String systemId, String username) {
        return calls.stream().filter(("create " + systemId + "/" + username)::equals).count();
    }

    private void call(String name, String target) {
        calls.add(name + " " + target);
        RuntimeException failure = failures.get(name);
        if (failure == null) {
            return;
        }
        Integer left = failuresLeft.get(name);
        if (left != null && left <= 1) {
            failures.remove(name);
            failuresLeft.remove(name);
        } else if (left != null) {
            failuresLeft.put(name, left - 1);
        }
        if (name.equals("create") && createDespiteFailure) {
            credentials.add(target);
        }
        throw failure;
    }

    @Override
    public CredentialCheck checkCredential(String systemId, String username) {
        String pair = systemId + "/" + username;
        call("check", pair);
        if (verifyAnswers.containsKey(pair)) {
            return verifyAnswers.get(pair);
        }
        if (!credentials.contains(pair)) {
            return new CredentialCheck(CredentialCheck.Status.MISSING, "SYSLIB_CRED_NOT_FOUND",
                    "SYSLIB_CRED_NOT_FOUND Credential not found for operation. System: " + systemId);
        }
        if (hostsDown.contains(systemId)) {
            return new CredentialCheck(CredentialCheck.Status.UNREACHABLE, "SYSLIB_CRED_CONN_FAIL",
                    "SYSAPI_CRED_VALID_FAIL Credential validation failed. System: " + systemId + " Message: "
                            + "SYSLIB_CRED_CONN_FAIL Unable to connect to system using provided credential.");
        }
        return hostRejects.contains(systemId) || refusedKeys.contains(pair)
                ? new CredentialCheck(CredentialCheck.Status.INVALID, "SYSLIB_CRED_VALID_FAIL",
                        "SYSAPI_CRED_VALID_FAIL Credential validation failed. Message: SYSLIB_CRED_VALID_FAIL Invalid "
                                + "credentials.")
                : new CredentialCheck(CredentialCheck.Status.VALID, null, "SYSAPI_CRED_OK");
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        call("getSystem", systemId);
        SystemInfo system = systems.get(systemId);
        if (system == null) {
            throw new TapisRefusalException(404, "SYSAPI_NOT_FOUND", "SYSAPI_NOT_FOUND Record not found. System: "
                    + systemId);
        }
        return system;
    }

    @Override
    public Set<String> systemsWithCredentials(String username) {
        call("list", username);
        if (!mayImpersonate) {
            throw new TapisRefusalException(403, "SYSLIB_UNAUTH_IMPERSONATE", "SYSLIB_UNAUTH_IMPERSONATE Authorization "
                    + "denied. Only authorized services may impersonate a Tapis user. ImpersonationId: " + username);
        }
        Set<String> systems = new HashSet<>();
        for (String pair : credentials) {
            int slash = pair.lastIndexOf('/');
            if (pair.substring(slash + 1).equals(username) && !unlisted.contains(pair)) {
                systems.add(pair.substring(0, slash));
            }
        }
        return systems;
    }

    @Override
    public void createTmsKeys(String systemId, String username) {
        call("create", systemId + "/" + username);
        credentials.add(systemId + "/" + username);
        refusedKeys.remove(systemId + "/" + username);
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call("remove", systemId + "/" + username);
        credentials.remove(systemId + "/" + username);
    }

    /** This fake, with {@code guard} asked before each create and remove, as the client asks before each send. */
    @Override
    public TapisSystems guarded(SendGuard guard) {
        FakeTapis fake = this;
        return new TapisSystems() {
            @Override
            public CredentialCheck checkCredential(String systemId, String username) {
                return fake.checkCredential(systemId, username);
            }

            @Override
            public SystemInfo getSystem(String systemId) {
                return fake.getSystem(systemId);
            }

            @Override
            public Set<String> systemsWithCredentials(String username) {
                return fake.systemsWithCredentials(username);
            }

            @Override
            public void createTmsKeys(String systemId, String username) {
                guard.beforeChange();
                fake.createTmsKeys(systemId, username);
            }

            @Override
            public void removeCredential(String systemId, String username) {
                guard.beforeChange();
                fake.removeCredential(systemId, username);
            }

            @Override
            public TapisSystems guarded(SendGuard other) {
                return fake.guarded(other);
            }
        };
    }
}
