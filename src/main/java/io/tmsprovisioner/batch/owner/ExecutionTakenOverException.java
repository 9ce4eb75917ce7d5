package io.tmsprovisioner.batch.owner;

/**
 * Another run took this process's execution over (it found the heartbeat stale, so this process was
 * paused or cut off from the database for that long): this process must change nothing more, and stops.
 */
public class ExecutionTakenOverException extends RuntimeException {
    public ExecutionTakenOverException(long executionId) {
        super("Another run took execution " + executionId + " over while this process was not heard from (paused, "
                + "suspended, or cut off from the repository for longer than the heartbeat allows); this process "
                + "stopped without changing anything more. That run finishes the work.");
    }
}
