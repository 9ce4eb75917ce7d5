package io.tmsprovisioner.cli.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap the run used, sampled every 50 ms. (Summing the pools' own peaks overstates it: each
 * pool peaks at a different moment, and the sum can exceed the heap's limit.)
 */
public final class HeapWatch implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;

    /** Starts sampling, on a daemon thread, until closed. */
    public HeapWatch() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    long peakBytes() {
        sample();
        return peak.get();
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
