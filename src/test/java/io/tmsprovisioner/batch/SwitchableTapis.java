package io.tmsprovisioner.batch;

import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisSystems;

/** The job's Tapis client, pointed at each test's simulator, with a hook to act between calls. */
class SwitchableTapis implements TapisSystems {
    volatile TapisSystems target;
    volatile Runnable beforeCheck = () -> { };

    @Override
    public CredentialCheck checkCredential(String systemId, String username) {
        beforeCheck.run();
        return target.checkCredential(systemId, username);
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        return target.getSystem(systemId);
    }

    @Override
    public CredentialCheck createTmsKeys(String systemId, String username) {
        return target.createTmsKeys(systemId, username);
    }

    @Override
    public void removeCredential(String systemId, String username) {
        target.removeCredential(systemId, username);
    }
}
