package io.tmsprovisioner.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Systems stores and deletes credentials inside {@code synchronized (CredUtils.class)}: one write at a time per
 * Systems process, every tenant's included (contract page, "createUserCredential" step 4; contract-findings item 9).
 * Each write takes the write latency inside the lock, so concurrent creates and removes queue. Thread-safe.
 */
final class CredentialWrites {

    /** Not fair, like a {@code synchronized} block. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Pause pause;
    private final LongAdder waitedNanos = new LongAdder();
    private volatile Duration latency = Duration.ZERO;

    CredentialWrites(Pause pause) {
        this.pause = pause;
    }

    /** Runs the write when it is its turn, after the write latency. */
    void write(Runnable write) {
        long queued = System.nanoTime();
        lock.lock();
        try {
            waitedNanos.add(System.nanoTime() - queued);
            pause.sleep(latency);
            write.run();
        } finally {
            lock.unlock();
        }
    }

    void setLatency(Duration perWrite) {
        if (perWrite.isNegative()) {
            throw new IllegalArgumentException("write latency must not be negative: " + perWrite);
        }
        latency = perWrite;
    }

    /** Time writes spent waiting for the lock, summed. */
    long waitedNanos() {
        return waitedNanos.sum();
    }

    void reset() {
        waitedNanos.reset();
    }
}
