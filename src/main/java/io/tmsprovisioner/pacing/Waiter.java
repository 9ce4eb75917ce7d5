package io.tmsprovisioner.pacing;

import java.time.Duration;

/** Waits for the pace to allow a call; the run's stop cuts the wait short. */
@FunctionalInterface
public interface Waiter {
    /** @return whether the pause ran its course; false when the run is ending */
    boolean pause(Duration pause) throws InterruptedException;
}
