package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Systems API calls, for a caller whose JWT the gateway accepted, answered as the contract page's "The calls,
 * answer by answer" and contract-findings items 1 to 7 say: which envelope, which status, which text.
 */
final class SystemsEndpoint {

    private final CredentialStore store;
    private final Tms tms;
    private final VerifyStep verify;
    private final CredentialWrites writes;

    SystemsEndpoint(CredentialStore store, Tms tms, VerifyStep verify, CredentialWrites writes) {
        this.store = store;
        this.tms = tms;
        this.verify = verify;
        this.writes = writes;
    }

    Reply handle(Route route, Caller caller, byte[] body) {
        if (route.operation() == Route.Operation.GET_SYSTEM) {
            return getSystem(caller, route.systemId(), route.query().get("select"));
        }
        if (route.operation() == Route.Operation.LIST_SYSTEMS) {
            return listSystems(caller, route.query());
        }
        // ApiUtils.checkSystemExists, before anything else
        SystemDef system = store.system(route.systemId()).orElse(null);
        if (system == null) {
            return Envelopes.resource(404, caller.message("SYSAPI_NOSYSTEM", route.systemId(),
                    route.operation().resourceMethod));
        }
        if (!store.mayRead(caller.user(), system)) {
            // the READ check inside the lookup throws; checkSystemExists's catch-all answers it as a failed lookup
            return Envelopes.resource(500, caller.message("SYSAPI_CHECK_ERROR", system.id(),
                    route.operation().resourceMethod, caller.message("SYSLIB_UNAUTH", system.id(), "read")));
        }
        Credential credential = new Credential(system.id(), route.username());
        switch (route.operation()) {
            case GET_CREDENTIAL:
                return Envelopes.mapper(403, caller.message("SYSLIB_UNAUTH_GETCRED", system.id(),
                        route.operation().systemOperation));
            case CREATE_CREDENTIAL:
                return create(caller, system, credential, route, body);
            default:
                Reply refused = refusal(caller, system, route);
                if (refused != null) {
                    return refused;
                }
                return route.operation() == Route.Operation.CHECK_CREDENTIAL ? check(caller, system, credential)
                        : remove(caller, credential);
        }
    }

    /** {@code AuthUtils.checkAuthOboUser}'s 403 for a caller who may not touch this user's credential; null if it may. */
    private Reply refusal(Caller caller, SystemDef system, Route route) {
        if (store.mayManage(caller.user(), system, route.username())) {
            return null;
        }
        return Envelopes.mapper(403, caller.message("SYSLIB_UNAUTH", system.id(), route.operation().systemOperation));
    }

    /** Nothing stored: a 401 from the mapper, before any connection. Stored: the verify step decides. */
    private Reply check(Caller caller, SystemDef system, Credential credential) {
        if (!store.has(credential)) {
            return Envelopes.mapper(401, caller.message("SYSLIB_CRED_NOT_FOUND",
                    Route.Operation.CHECK_CREDENTIAL.systemOperation, system.id(),
                    system.systemType(), system.effectiveUser(credential.username()), system.defaultAuthnMethod()));
        }
        String failure = verify.failure(caller, system, credential.username(), system.defaultAuthnMethod());
        if (failure != null) {
            return validationFailed(caller, system, credential, failure);
        }
        return Envelopes.resource(200, caller.message("SYSAPI_CRED_OK", system.id(), credential.username()));
    }

    /**
     * {@code CredUtils.createCredentialForUser}'s order: refusals, TMS mints, the verify step (a failure stores
     * nothing), then the write. Every refusal and TMS failure is a 500 {@code SYSAPI_CRED_ERROR} from the mapper.
     */
    private Reply create(Caller caller, SystemDef system, Credential credential, Route route, byte[] body) {
        if (!isJsonObject(body)) {
            return Envelopes.mapper(500, caller.message("SYSAPI_CRED_JSON_INVALID", system.id(), credential.username(),
                    TapisMessages.fill("JSON_NOT_AN_OBJECT")));
        }
        Reply refused = refusal(caller, system, route);
        if (refused != null) {
            return refused;
        }
        boolean createTmsKeys = Boolean.parseBoolean(route.query().get("createTmsKeys"));
        String error = null;
        if (!createTmsKeys && system.usesTmsKeys()) {
            error = caller.message("SYSLIB_CRED_TMS_KEYS_BAD_ARG", system.id());
        } else if (createTmsKeys) {
            error = tms.refusal(caller, system);
            if (error == null) {
                error = tms.mint(caller, system, credential.username());
            }
        }
        if (error != null) {
            return credentialError(caller, route, error);
        }
        // Systems verifies only LINUX and S3 systems
        boolean verifies = !Boolean.parseBoolean(route.query().get("skipCredentialCheck"))
                && ("LINUX".equals(system.systemType()) || "S3".equals(system.systemType()));
        String failure = verifies ? verify.failure(caller, system, credential.username(), system.defaultAuthnMethod())
                : null;
        if (failure != null) {
            return validationFailed(caller, system, credential, failure);
        }
        writes.write(() -> store.store(credential));
        return Envelopes.resource(201, caller.message("SYSAPI_CRED_UPDATED", system.id(), credential.username()));
    }

    /** Every method's secrets go, stored or not, and TMS is not asked: its key stays authorized on the host. */
    private Reply remove(Caller caller, Credential credential) {
        writes.write(() -> store.remove(credential));
        return Envelopes.resource(201, caller.message("SYSAPI_CRED_DELETED", credential.systemId(),
                credential.username()));
    }

    /** The resource's catch-all: a {@code WebApplicationException}, so the mapper answers 500. */
    static Reply credentialError(Caller caller, Route route, String error) {
        return Envelopes.mapper(500, caller.message("SYSAPI_CRED_ERROR", route.systemId(), route.username(),
                route.operation().resourceMethod, error));
    }

    /** Built by the resource ({@code ApiUtils.checkCredValidationResult}), so its status is "error". */
    private static Reply validationFailed(Caller caller, SystemDef system, Credential credential, String failure) {
        return Envelopes.resource(401, caller.message("SYSAPI_CRED_VALID_FAIL", system.id(), credential.username(),
                system.defaultAuthnMethod(), failure));
    }

    /**
     * {@code getSystems} ({@code SystemsServiceImpl.getSystems}): an {@code impersonationId} is checked first, and only
     * a tenant admin may pass one (the 403 {@code SYSLIB_UNAUTH_IMPERSONATE}, with {@code System: null}); then the
     * systems the (impersonated) user sees by {@code listType}, filtered by {@code hasCredentials} when asked (the
     * 25Q4+ parameter: a credential stored for the user), reduced to {@code select} with {@code id} first when it
     * is not selected, and cut by {@code limit} (default 100, -1 for all) after {@code skip}.
     */
    private Reply listSystems(Caller caller, Map<String, String> query) {
        String impersonationId = query.get("impersonationId");
        boolean impersonating = impersonationId != null && !impersonationId.isBlank();
        if (impersonating && !store.isTenantAdmin(caller.user())) {
            return Envelopes.mapper(403, caller.message("SYSLIB_UNAUTH_IMPERSONATE", null,
                    Route.Operation.LIST_SYSTEMS.systemOperation, impersonationId, caller.tenant()));
        }
        String user = impersonating ? impersonationId : caller.user();
        String listType = query.getOrDefault("listType", "OWNED").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("OWNED", "SHARED_PUBLIC", "ALL").contains(listType)) {
            return Envelopes.mapper(500, caller.message("SYSAPI_SELECT_ERROR",
                    caller.message("SYSLIB_LISTTYPE_ERROR", listType)));
        }
        String filter = query.get("hasCredentials");
        int limit = integer(query.get("limit"), 100);
        int skip = Math.max(0, integer(query.get("skip"), 0));
        String select = query.get("select");
        Caller seenAs = new Caller(caller.tenant(), user);
        List<Map<String, Object>> result = new ArrayList<>();
        // SHARED_PUBLIC: the simulator models no public shares
        List<SystemDef> visible = listType.equals("SHARED_PUBLIC") ? List.of()
                : store.visibleTo(user, listType.equals("ALL"));
        int skipped = 0;
        for (SystemDef system : visible) {
            boolean has = store.hasCredentials(user, system);
            if (filter != null && !filter.isBlank() && has != Boolean.parseBoolean(filter)) {
                continue;
            }
            if (skipped++ < skip) {
                continue;
            }
            if (limit >= 0 && result.size() >= limit) {
                break;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            Map<String, Object> all = describe(system, seenAs, null);
            all.put("hasCredentials", has);
            List<String> names = select == null || select.isBlank() ? List.of("id", "systemType", "owner", "host",
                    "effectiveUserId", "defaultAuthnMethod") : List.of(select.split(","));
            if (names.stream().noneMatch(name -> name.strip().equals("id"))) {
                item.put("id", system.id());
            }
            for (String name : names) {
                Object value = all.get(name.strip());
                if (value != null) {
                    item.put(name.strip(), value instanceof Boolean ? value.toString() : value);
                }
            }
            result.add(item);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("recordCount", result.size());
        metadata.put("recordLimit", limit);
        metadata.put("recordsSkipped", skip);
        metadata.put("orderBy", null);
        metadata.put("startAfter", null);
        metadata.put("totalCount", -1);
        return Envelopes.resource(200, TapisMessages.fill("TAPIS_FOUND", "Systems", result.size() + " systems"),
                result, metadata);
    }

    /** A whole-number query parameter; the default when absent or not a number. */
    private static int integer(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private Reply getSystem(Caller caller, String systemId, String select) {
        SystemDef system = store.system(systemId).orElse(null);
        if (system == null) {
            return Envelopes.mapper(404, caller.message("SYSAPI_NOT_FOUND", systemId));
        }
        if (!store.mayRead(caller.user(), system)) {
            return Envelopes.mapper(403, caller.message("SYSLIB_UNAUTH", system.id(),
                    Route.Operation.GET_SYSTEM.systemOperation));
        }
        return Envelopes.resource(200, TapisMessages.fill("TAPIS_FOUND", "System", system.id()),
                describe(system, caller, select));
    }

    /**
     * The system as Tapis shows it to the caller: {@code effectiveUserId} resolved to the login name, so only
     * {@code isDynamicEffectiveUser} tells static from dynamic. Reduced to {@code select} (in its order) unless it
     * asks for all, and then the booleans are written as strings, as {@code TapisSystemDTO} does (findings item 6).
     */
    private static Map<String, Object> describe(SystemDef system, Caller caller, String select) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("id", system.id());
        all.put("systemType", system.systemType());
        all.put("owner", system.owner());
        all.put("host", system.host());
        all.put("enabled", true);
        all.put("effectiveUserId", system.effectiveUser(caller.user()));
        all.put("defaultAuthnMethod", system.defaultAuthnMethod());
        all.put("isDynamicEffectiveUser", !system.hasStaticEffectiveUser());
        if (select == null || select.isBlank() || select.equals("allAttributes")) {
            return all;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String name : select.split(",")) {
            Object value = all.get(name.strip());
            if (value != null) {
                selected.put(name.strip(), value instanceof Boolean ? value.toString() : value);
            }
        }
        return selected;
    }

    private static boolean isJsonObject(byte[] body) {
        try {
            JsonNode json = JsonMapper.shared().readTree(new String(body, StandardCharsets.UTF_8));
            return json != null && json.isObject();
        } catch (JacksonException e) {
            return false;
        }
    }
}
