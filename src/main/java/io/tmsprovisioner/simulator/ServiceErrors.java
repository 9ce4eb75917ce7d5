package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Fault;

/**
 * The 500 a service answers when it fails inside, for the faults INTERNAL_ERROR (before the effect) and
 * INTERNAL_ERROR_AFTER_EFFECT. Each is the envelope the failing code path of that call produces (contract page,
 * "The calls, answer by answer"; contract-findings items 2, 4, 5, 6 and 10); nginx passes a service's own 500 on.
 */
final class ServiceErrors {

    private ServiceErrors() {
    }

    /** A failure that kept the call from taking effect. */
    static Reply before(Route route, Caller caller) {
        if (route.operation() == Route.Operation.CREATE_CREDENTIAL) {
            // TMS could not be reached (an I/O error): nothing minted, nothing stored
            return SystemsEndpoint.credentialError(caller, route,
                    Tms.unreachable(caller, route.systemId(), route.username()));
        }
        return failed(route, caller, Fault.INTERNAL_ERROR);
    }

    /**
     * A failure after the effect. For a create: minted and stored, then recording it failed, with no rollback
     * (contract page, step 4): the worst case for a client, which cannot tell it from a 500 before the effect.
     */
    static Reply after(Route route, Caller caller) {
        return failed(route, caller, Fault.INTERNAL_ERROR_AFTER_EFFECT);
    }

    private static Reply failed(Route route, Caller caller, Fault fault) {
        String cause = TapisMessages.fill("SIMULATED_FAILURE", fault);
        return switch (route.operation()) {
            // a Python exception the Authenticator does not know: tapisservice's handle_error answers 500
            case LOGIN -> Envelopes.authenticator(500,
                    TapisMessages.fill("AUTH_UNRECOGNIZED_EXCEPTION", "<class 'Exception'>", cause), null);
            case GET_SYSTEM -> Envelopes.mapper(500, caller.message("SYSAPI_SYS_GET_ERROR", route.systemId(), cause));
            // getSystems' catch-all: new WebApplicationException(getMsgAuth(SELECT_ERR, rUser, e.getMessage()))
            case LIST_SYSTEMS -> Envelopes.mapper(500, caller.message("SYSAPI_SELECT_ERROR", cause));
            // the resource's own catch-all; no ?authnMethod=, so "AuthnMethod:  Error:" with two blanks
            case CHECK_CREDENTIAL -> Envelopes.resource(500, caller.message("SYSAPI_CRED_CHECK_ERROR", route.systemId(),
                    route.username(), "", cause));
            // the Security Kernel failed while writing or deleting the secrets: CredUtils throws
            // new TapisRuntimeException(tse), whose message is its cause's toString (contract-findings item 4)
            case CREATE_CREDENTIAL, REMOVE_CREDENTIAL -> SystemsEndpoint.credentialError(caller, route,
                    TapisMessages.fill("SK_EXCEPTION", cause));
            default -> Envelopes.jaxrsDefault(500);
        };
    }
}
