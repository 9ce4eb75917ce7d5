package io.tmsprovisioner.batch;

import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SendGuard;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The job's Tapis client, pointed at each test's simulator, with a hook to act between calls. A run's guarded view
 * is another instance that reads the hooks and the target of the one the tests set up.
 */
class SwitchableTapis implements TapisSystems {
    volatile TapisSystems target;
    volatile Runnable beforeCheck = () -> { };
    /** Told the system and user of every check, before it is sent. */
    volatile BiConsumer<String, String> beforeCheckOf = (systemId, username) -> { };
    /**
     * Whether the credential listing goes to the simulator. Off (the default, reset for each test): it is refused
     * as Tapis refuses a caller who may not impersonate, without a call, so that the job's other tests send what
     * they always sent.
     */
    volatile boolean listing;
    private final SwitchableTapis root;
    private final SendGuard guard;

    SwitchableTapis() {
        this.root = this;
        this.guard = SendGuard.NONE;
    }

    private SwitchableTapis(SwitchableTapis root, SendGuard guard) {
        this.root = root;
        this.guard = guard;
    }

    /** The test's current target, under this instance's guard. */
    private TapisSystems target() {
        return root.target.guarded(guard);
    }

    @Override
    public CredentialCheck checkCredential(String systemId, String username) {
        root.beforeCheck.run();
        root.beforeCheckOf.accept(systemId, username);
        return target().checkCredential(systemId, username);
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        return target().getSystem(systemId);
    }

    @Override
    public Set<String> systemsWithCredentials(String username) {
        if (!root.listing) {
            throw new TapisRefusalException(403, "SYSLIB_UNAUTH_IMPERSONATE", "SYSLIB_UNAUTH_IMPERSONATE (test double: "
                    + "the listing is not passed on to the simulator)");
        }
        return target().systemsWithCredentials(username);
    }

    @Override
    public void createTmsKeys(String systemId, String username) {
        target().createTmsKeys(systemId, username);
    }

    @Override
    public void removeCredential(String systemId, String username) {
        target().removeCredential(systemId, username);
    }

    @Override
    public TapisSystems guarded(SendGuard guard) {
        return new SwitchableTapis(root, guard);
    }
}
