package io.tmsprovisioner.pacing;

import java.time.Duration;

/**
 * A pause that the run's stop cuts short: waiting for the pace to allow a call, or before a retry. Tests replace it
 * to run without waiting.
 */
@FunctionalInterface
public interface Waiter {
    /** @return whether the pause ran its course; false when the run is ending */
    boolean pause(Duration pause) throws InterruptedException;
}
