package io.tmsprovisioner.provisioning;

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
    final Map<String, RuntimeException> failures = new HashMap<>();
    final List<String> calls = new ArrayList<>();

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

    /** Makes the named call throw. */
    FakeTapis fail(String call, RuntimeException failure) {
        failures.put(call, failure);
        return this;
    }

    private void call(String name, String target) {
        calls.add(name + " " + target);
        RuntimeException failure = failures.get(name);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean hasCredential(String systemId, String username) {
        call("check", systemId + "/" + username);
        return credentials.contains(systemId + "/" + username);
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
    public void createTmsKeys(String systemId, String username) {
        call("create", systemId + "/" + username);
        credentials.add(systemId + "/" + username);
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call("remove", systemId + "/" + username);
        credentials.remove(systemId + "/" + username);
    }
}
