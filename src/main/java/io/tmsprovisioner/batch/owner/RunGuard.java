package io.tmsprovisioner.batch.owner;

import io.tmsprovisioner.provisioning.calls.RunEnding;
import io.tmsprovisioner.tapis.SendGuard;

import java.time.Duration;

/**
 * What a run asks of the Tapis client: a create or remove goes on the wire only while the run holds its lease
 * (see {@link LeaseFence}), and a wait for a turn ends when the run does (stopped, failed, or taken over). The
 * run's rows send through a view guarded by it ({@link io.tmsprovisioner.tapis.TapisSystems#guarded}), never
 * through another run's.
 */
public final class RunGuard implements SendGuard {
    private final LeaseFence lease;
    private final RunEnding ending;

    public RunGuard(LeaseFence lease, RunEnding ending) {
        this.lease = lease;
        this.ending = ending;
    }

    @Override
    public void beforeChange() {
        lease.beforeChange();
    }

    @Override
    public boolean pause(Duration wait) throws InterruptedException {
        return ending.pause(wait);
    }
}
