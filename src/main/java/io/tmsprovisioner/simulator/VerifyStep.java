package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.util.Set;

/**
 * Systems' verify step ({@code CredUtils.verifyConnection}) for a stored or newly minted credential: it connects to
 * the system's host with it (contract page, "checkUserCredential" step 2; contract-findings item 2).
 */
final class VerifyStep {

    private static final Set<String> SSH_METHODS = Set.of("PASSWORD", "PKI_KEYS", "TMS_KEYS");

    private final HostConnections hosts;

    VerifyStep(HostConnections hosts) {
        this.hosts = hosts;
    }

    /** Null when the credential works, else why not: a {@code SYSLIB_CRED_*} text for {@code Message:}. */
    String failure(Caller caller, SystemDef system, String username, String authnMethod) {
        String effectiveUser = system.effectiveUser(username);
        String type = system.systemType();
        boolean ssh = SSH_METHODS.contains(authnMethod);
        boolean s3 = "ACCESS_KEY".equals(authnMethod);
        if (ssh ? !"LINUX".equals(type) : !s3 || !"S3".equals(type)) {
            return caller.message("SYSLIB_CRED_NOT_SUPPORTED", system.id(), type, effectiveUser, authnMethod);
        }
        return switch (hosts.connect(system, ssh)) {
            case ACCEPTED -> null;
            case TIMED_OUT -> connectionFailed(caller, system, effectiveUser, authnMethod, "SSH_CONNECT_TIMED_OUT");
            case DROPPED -> connectionFailed(caller, system, effectiveUser, authnMethod, "SSH_CONNECTION_RESET");
            case KEY_REFUSED -> caller.message("SYSLIB_CRED_VALID_FAIL", system.id(), type, system.host(), effectiveUser,
                    authnMethod, TapisMessages.fill("SSH_NO_MORE_AUTH_METHODS"));
        };
    }

    /** The host could not be reached: a credential is stored and may well be valid, nothing can be concluded. */
    private static String connectionFailed(Caller caller, SystemDef system, String effectiveUser, String authnMethod,
                                           String cause) {
        return caller.message("SYSLIB_CRED_CONN_FAIL", system.id(), system.systemType(), system.host(), effectiveUser,
                authnMethod, TapisMessages.fill(cause));
    }
}
