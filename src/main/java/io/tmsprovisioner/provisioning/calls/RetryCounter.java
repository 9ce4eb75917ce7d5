package io.tmsprovisioner.provisioning.calls;

import java.util.concurrent.atomic.LongAdder;

/**
 * Retries of Tapis calls in this process, of every row and of the login, for the run's metrics (a process
 * runs one job; a reader takes the difference between two readings).
 */
public final class RetryCounter {
    private static final LongAdder RETRIES = new LongAdder();

    private RetryCounter() {
    }

    static void retried() {
        RETRIES.increment();
    }

    public static long total() {
        return RETRIES.sum();
    }
}
