package io.tmsprovisioner.tapis;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A ceiling on requests per second shared by all threads: permits are handed out evenly spaced,
 * {@code 1/rate} apart, with no burst beyond one permit after an idle spell. Each caller reserves
 * the next free slot under a lock and waits for it outside the lock.
 */
public final class RateLimiter {

    /** Waits a number of nanoseconds; a seam so tests need no real sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** One a day: slower makes no sense, and keeps the slot arithmetic far from overflow. */
    static final double MIN_PERMITS_PER_SECOND = 1.0 / TimeUnit.DAYS.toSeconds(1);

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** The earliest time the next permit may be handed out; guarded by {@code this}. */
    private long nextFreeNanos;

    RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permits per second must be positive, not " + permitsPerSecond);
        }
        if (permitsPerSecond < MIN_PERMITS_PER_SECOND) {
            throw new IllegalArgumentException("permits per second must allow at least one a day, not " + permitsPerSecond);
        }
        this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / permitsPerSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.nextFreeNanos = nanoTime.getAsLong();
    }

    /** At most {@code permits} requests per second, evenly spaced. */
    public static RateLimiter perSecond(double permits) {
        return new RateLimiter(permits, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** No ceiling: {@link #acquire()} returns at once. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Double.POSITIVE_INFINITY, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * Blocks until the next permit.
     *
     * @throws TapisUnavailableException when interrupted while waiting (the interrupt flag is kept); nothing was sent
     */
    public void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long slot = nextFreeNanos - now > 0 ? nextFreeNanos : now;
            nextFreeNanos = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TapisUnavailableException("Interrupted while waiting to send a request to Tapis", e, 0, false, null);
            }
        }
    }

    /** The spacing between permits; zero when unlimited. */
    long intervalNanos() {
        return intervalNanos;
    }

    @Override
    public String toString() {
        return intervalNanos == 0 ? "RateLimiter[unlimited]"
                : "RateLimiter[" + TimeUnit.SECONDS.toNanos(1) / (double) intervalNanos + "/s]";
    }
}
