package io.tmsprovisioner.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulator's sleeps: answer latency, the SSH throttle's delay, handshakes and credential writes. Each is time
 * a Tapis would spend working on a call, so it is summed as service time. Thread-safe.
 */
final class Pause {

    /** Thrown on a request's thread when its sleep is interrupted because the simulator is closing. */
    static final class Closing extends RuntimeException {
        Closing() {
            super("the Tapis simulator is closing", null, false, false);
        }
    }

    private final LongAdder servedNanos = new LongAdder();

    /** @throws Closing when interrupted; the interrupt stays set */
    void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        long start = System.nanoTime();
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Closing();
        } finally {
            servedNanos.add(System.nanoTime() - start);
        }
    }

    long servedNanos() {
        return servedNanos.sum();
    }

    void reset() {
        servedNanos.reset();
    }
}
