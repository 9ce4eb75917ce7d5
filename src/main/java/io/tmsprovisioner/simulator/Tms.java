package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TMS keys for a create with {@code createTmsKeys=true}: Systems' checks before it asks TMS
 * ({@code CredUtils.validateTmsConfig}), and the TMS server minting a key pair ({@code CredUtils.createTmsKeys}).
 * Each method answers null when all is well, else the {@code SYSLIB_CRED_TMS_KEYS_*} text Systems wraps in its
 * 500 {@code SYSAPI_CRED_ERROR} (contract page, "createUserCredential", steps 1 and 2). Thread-safe.
 */
final class Tms {

    /** The TMS server's URL as Systems names it in its messages. */
    static final String SERVER_URL = "https://tms.example.org:3000";

    /** TMS keeps every key pair it minted, while Systems stores only the newest: counted apart, per pair. */
    private final Map<Credential, Integer> minted = new ConcurrentHashMap<>();
    private volatile TmsSetup setup;
    private volatile boolean failing;

    Tms(TmsSetup setup) {
        this.setup = setup;
    }

    /** Systems' refusal to ask TMS at all, in {@code validateTmsConfig}'s order; null when it may. */
    String refusal(Caller caller, SystemDef system) {
        if (setup == TmsSetup.TENANT_NOT_ALLOWED) {
            return caller.message("SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED", caller.tenant(), system.id());
        }
        if (setup == TmsSetup.NOT_CONFIGURED) {
            return caller.message("SYSLIB_CRED_TMS_KEYS_NOT_CFG", system.id());
        }
        if (!"LINUX".equals(system.systemType())) {
            return caller.message("SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE", system.id(), system.systemType());
        }
        if (system.hasStaticEffectiveUser()) {
            // no loginUser mapping is ever sent, so it reads "null", as MessageFormat writes a null
            return caller.message("SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED", system.id(), null, true);
        }
        return null;
    }

    /**
     * TMS mints a key pair for the caller to log in as {@code username} on the system's host; null when it did.
     * A refusal or a server error mints nothing.
     */
    String mint(Caller caller, SystemDef system, String username) {
        String body;
        int status;
        if (setup == TmsSetup.DELEGATION_REQUIRED) {
            status = 403;
            body = TapisMessages.fill("TMS_MISSING_DEPENDENCY", caller.user(), caller.tenant());
        } else if (failing) {
            status = 500;
            body = TapisMessages.fill("TMS_SERVER_ERROR");
        } else {
            minted.merge(new Credential(system.id(), username), 1, Integer::sum);
            return null;
        }
        return caller.message("SYSLIB_CRED_TMS_KEYS_HTTP_ERR", system.id(), username, SERVER_URL, status, body);
    }

    /** What Systems says when TMS cannot be reached at all (an I/O error): nothing was minted. */
    static String unreachable(Caller caller, String systemId, String username) {
        return caller.message("SYSLIB_CRED_TMS_KEYS_ERR", systemId, username, SERVER_URL,
                TapisMessages.fill("OKHTTP_TIMEOUT"));
    }

    void setSetup(TmsSetup setup) {
        this.setup = setup;
    }

    /** While on, TMS answers every mint with a 500 (a transient failure), minting nothing. */
    void setFailing(boolean failing) {
        this.failing = failing;
    }

    int minted(Credential credential) {
        return minted.getOrDefault(credential, 0);
    }

    int totalMinted() {
        return minted.values().stream().mapToInt(Integer::intValue).sum();
    }
}
