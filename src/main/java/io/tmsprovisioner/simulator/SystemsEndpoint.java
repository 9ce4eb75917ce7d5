package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Systems API calls, for a caller whose JWT the gateway already accepted, answered as
 * {@code docs/tapis-api.md} describes in "getSystem", "checkUserCredential", "createUserCredential
 * (createTmsKeys)", "removeUserCredential" and "getUserCredential (not used)".
 */
final class SystemsEndpoint {

    private final CredentialStore store;

    SystemsEndpoint(CredentialStore store) {
        this.store = store;
    }

    /** @param hostRefuses the system's sshd drops the connection a check or create needs (MaxStartups) */
    Reply handle(Route route, String caller, byte[] body, boolean hostRefuses) {
        if (route.operation() == Route.Operation.GET_CREDENTIAL) {
            return Reply.json(403, "SYSAPI_UNAUTH Retrieving credentials is restricted to Tapis services. Caller: "
                    + caller);
        }
        SystemDef system = store.system(route.systemId()).orElse(null);
        if (system == null) {
            return Reply.json(404, "SYSAPI_NOSYSTEM System not found. System: " + route.systemId());
        }
        if (route.operation() == Route.Operation.GET_SYSTEM) {
            return Reply.json(200, "TAPIS_FOUND System found: " + system.id(), describe(system, route.query().get("select")));
        }
        Credential credential = new Credential(system.id(), route.username());
        if (!store.mayManage(caller, system, credential.username())) {
            return Reply.json(403, "SYSAPI_UNAUTH Not authorized to manage credentials. Caller: " + caller
                    + " System: " + system.id() + " User: " + credential.username());
        }
        return switch (route.operation()) {
            case CHECK_CREDENTIAL -> check(system, credential, hostRefuses);
            case CREATE_CREDENTIAL -> create(system, credential, route.query(), body, hostRefuses);
            case REMOVE_CREDENTIAL -> remove(credential);
            default -> throw new IllegalStateException("not a Systems operation: " + route.operation());
        };
    }

    private Reply check(SystemDef system, Credential credential, boolean hostRefuses) {
        if (!store.has(credential)) {
            return validationFailed(credential, "SYSLIB_CRED_NOT_FOUND No credential is stored for the user.");
        }
        // the real check connects to the host with the stored secret
        Reply refused = hostVerification(system, credential, hostRefuses);
        return refused != null ? refused : Reply.json(200, "SYSAPI_CRED_OK Credential validated. " + describe(credential));
    }

    /** The verify step's failure for a stored credential, as the Systems service words it; null when it works. */
    private Reply hostVerification(SystemDef system, Credential credential, boolean hostRefuses) {
        if (store.hostDown(system) || hostRefuses) {
            return validationFailed(credential, "SYSLIB_CRED_CONN_FAIL Unable to connect to system using provided "
                    + "credential. System: " + system.id() + " Host: " + system.id() + ".tacc.utexas.edu User: "
                    + credential.username() + " AuthnMethod: " + system.defaultAuthnMethod() + " Error: "
                    + (hostRefuses ? "Connection closed by remote host" : "Connection timed out"));
        }
        if (system.hostCheckFails()) {
            return validationFailed(credential, "SYSLIB_CRED_VALID_FAIL The host rejected the credential.");
        }
        return null;
    }

    private Reply create(SystemDef system, Credential credential, Map<String, String> query, byte[] body,
                         boolean hostRefuses) {
        JsonNode json = jsonObject(body);
        boolean tmsKeys = Boolean.parseBoolean(query.get("createTmsKeys"));
        if (json == null || (!tmsKeys && json.isEmpty())) {
            return Reply.json(400, "SYSAPI_CRED_JSON_INVALID The request body must be a JSON object"
                    + (tmsKeys ? "." : " holding the credential."));
        }
        if (tmsKeys && !system.usesTmsKeys()) {
            return Reply.json(400, "SYSLIB_CRED_TMS_KEYS_NOT_SUPPORTED System " + system.id()
                    + " is not set up for TMS keys (defaultAuthnMethod " + system.defaultAuthnMethod() + ").");
        }
        if (tmsKeys) {
            store.mintTmsKeys(credential);
        } else {
            store.store(credential);
        }
        Reply refused = Boolean.parseBoolean(query.get("skipCredentialCheck")) ? null
                : hostVerification(system, credential, hostRefuses);
        if (refused != null) {
            return refused; // stored all the same: the service does not roll back
        }
        return Reply.json(201, "SYSAPI_CRED_UPDATED Credential updated. " + describe(credential));
    }

    private Reply remove(Credential credential) {
        store.remove(credential);
        return Reply.json(201, "SYSAPI_CRED_DELETED Credential deleted. " + describe(credential));
    }

    /** JSON, not the gateway's plain text: this 401 is about the user's credential, not the caller's JWT. */
    private static Reply validationFailed(Credential credential, String reason) {
        return Reply.json(401, "SYSAPI_CRED_VALID_FAIL Credential validation failed. " + describe(credential)
                + " Reason: " + reason);
    }

    private static String describe(Credential credential) {
        return "System: " + credential.systemId() + " User: " + credential.username();
    }

    /** The system's attributes, reduced to {@code select} as Tapis does (unless it asks for all of them). */
    private static Map<String, Object> describe(SystemDef system, String select) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", system.id());
        result.put("defaultAuthnMethod", system.defaultAuthnMethod());
        result.put("enabled", true);
        result.put("owner", system.owner());
        if (select != null && !select.isBlank() && !select.equals("allAttributes")) {
            Set<String> wanted = Arrays.stream(select.split(",")).map(String::strip).collect(Collectors.toSet());
            result.keySet().retainAll(wanted);
        }
        return result;
    }

    /** The body as a JSON object, or null when it is missing, not JSON or not an object. */
    private static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode json = JsonMapper.shared().readTree(new String(body, StandardCharsets.UTF_8));
            return json != null && json.isObject() ? json : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
