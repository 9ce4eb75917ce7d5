package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory Tapis for the rules' unit tests: systems, stored credentials, a call log and scripted refusals. */
final class FakeTapis implements TapisSystems {
    final Map<String, String> authnMethods = new HashMap<>();
    final Set<String> credentials = new HashSet<>();
    /** Systems whose host rejects stored credentials: a check (and a create's verification) answers INVALID. */
    final Set<String> hostRejects = new HashSet<>();
    /** Systems whose host cannot be reached: a check of a stored credential (and a create's verification) answers UNREACHABLE. */
    final Set<String> hostsDown = new HashSet<>();
    /** Answers the verify step gives for a pair, whatever is stored: for reasons the other sets do not model. */
    final Map<String, CredentialCheck> verifyAnswers = new HashMap<>();
    final Map<String, RuntimeException> failures = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final Map<String, Integer> failuresLeft = new HashMap<>();
    /** Whether a create that fails (for instance with a lost answer) still stores the credential. */
    boolean createDespiteFailure;

    FakeTapis system(String id, String method) {
        authnMethods.put(id, method);
        return this;
    }

    FakeTapis credential(String systemId, String username) {
        credentials.add(systemId + "/" + username);
        return this;
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
            return CredentialCheck.failed("SYSAPI_CRED_VALID_FAIL Credential validation failed. SYSLIB_CRED_NOT_FOUND");
        }
        return verify(systemId);
    }

    /** What the verify step says of a stored credential on the system. */
    private CredentialCheck verify(String systemId) {
        if (hostsDown.contains(systemId)) {
            return CredentialCheck.failed("SYSAPI_CRED_VALID_FAIL Credential validation failed. SYSLIB_CRED_CONN_FAIL "
                    + "Unable to connect to system using provided credential. System: " + systemId);
        }
        return hostRejects.contains(systemId)
                ? CredentialCheck.failed("SYSAPI_CRED_VALID_FAIL SYSLIB_CRED_VALID_FAIL host check failed")
                : CredentialCheck.valid("SYSAPI_CRED_OK");
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        call("getSystem", systemId);
        String method = authnMethods.get(systemId);
        if (method == null) {
            throw new TapisRefusalException(404, "SYSAPI_NOSYSTEM", "SYSAPI_NOSYSTEM No such system: " + systemId);
        }
        return new SystemInfo(systemId, method);
    }

    @Override
    public CredentialCheck createTmsKeys(String systemId, String username) {
        call("create", systemId + "/" + username);
        credentials.add(systemId + "/" + username);
        return verify(systemId);
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call("remove", systemId + "/" + username);
        credentials.remove(systemId + "/" + username);
    }
}
