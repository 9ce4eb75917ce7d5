package io.tmsprovisioner.simulator;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSH connections each host has pending (connected, not yet authenticated) and, when on, OpenSSH's default
 * {@code MaxStartups 10:30:100} (sshd.c {@code drop_connection}): with 10 or more others pending a new connection is
 * dropped with a probability of 30%, rising linearly to 100% at 100 pending. Tapis reports a dropped connection as
 * {@code SYSLIB_CRED_CONN_FAIL}. Counted per host name, as sshd runs per host. Thread-safe.
 */
final class MaxStartups {
    private static final int START = 10;
    private static final double RATE = 0.30;
    private static final int FULL = 100;

    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Random random;
    private volatile boolean on;

    MaxStartups(long seed) {
        random = new Random(seed);
    }

    /** A new connection to the host: pending until {@link Pending#close()}, or null when sshd dropped it. */
    Pending connect(String host) {
        AtomicInteger count = pending.computeIfAbsent(host, h -> new AtomicInteger());
        int now = count.incrementAndGet();
        if (on && drops(now - 1)) {
            count.decrementAndGet();
            return null;
        }
        return new Pending(now, count::decrementAndGet);
    }

    private boolean drops(int othersPending) {
        if (othersPending < START) {
            return false;
        }
        double chance = othersPending >= FULL ? 1 : RATE + (1 - RATE) * (othersPending - START) / (FULL - START);
        synchronized (random) {
            return random.nextDouble() < chance;
        }
    }

    void setOn(boolean on) {
        this.on = on;
    }

    /** A connection in its handshake; {@code pendingWithIt} counts it and the others pending on its host. */
    record Pending(int pendingWithIt, Runnable done) implements AutoCloseable {
        @Override
        public void close() {
            done.run();
        }
    }
}
