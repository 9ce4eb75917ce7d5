package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The pace of requests shared by all threads of a run: permits are handed out evenly spaced,
 * {@code 1/rate} apart, with no burst beyond one permit after an idle spell. Each caller reserves the
 * next free slot under a lock and waits for it outside the lock.
 *
 * <p>The pace follows Tapis's own rate limit. A {@code 429} cuts the rate in half (once for all the
 * requests that were already on their way when it was cut, so a volley of 429s is one cut, not one
 * per thread) and holds every new request back until the {@code Retry-After} has passed; the slots
 * after such a pause are spread by a random fraction of an interval, so the threads do not come back
 * in lockstep. The rate then grows back by {@value #GROWTH_PER_SECOND}x a second without a 429, up to
 * the ceiling ({@code --max-rate}) or, without one, until it no longer holds anything back.
 */
public final class RateLimiter {

    /** Holds the calling thread until its permit's slot, {@code nanos} from now; a seam so tests need no real sleeping. */
    @FunctionalInterface
    interface Waiter {
        void waitNanos(long nanos) throws InterruptedException;
    }

    /** One a day: slower makes no sense, and keeps the slot arithmetic far from overflow. */
    static final double MIN_PERMITS_PER_SECOND = 1.0 / TimeUnit.DAYS.toSeconds(1);
    /** The slowest 429s can make the pace: below one request a second a run would never end. */
    static final double FLOOR_PER_SECOND = 1.0;
    static final double GROWTH_PER_SECOND = 1.1;
    /** Without a ceiling, a rate grown this far no longer holds anything back: it becomes unlimited again. */
    private static final double UNLIMITED_ABOVE = 10_000;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double ceiling;
    private final LongSupplier nanoTime;
    private final Waiter waiter;
    private final DoubleSupplier random;

    // guarded by this
    /** Permits per second now; infinite while nothing holds requests back. */
    private double rate;
    /** The earliest time the next permit may be handed out. */
    private long nextFreeNanos;
    /** No permit before this time: Tapis's Retry-After. */
    private long pausedUntilNanos;
    /** When the rate was last cut or grown; requests sent before the last cut do not cut it again. */
    private long lastCutNanos;
    private long lastGrowthNanos;
    /** Permits handed out in the current second and in the one before: the pace to halve when unlimited. */
    private long windowStartNanos;
    private long windowPermits;
    private long previousWindowPermits;

    RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Waiter waiter) {
        this(permitsPerSecond, nanoTime, waiter, () -> ThreadLocalRandom.current().nextDouble());
    }

    RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Waiter waiter, DoubleSupplier random) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permits per second must be positive, not " + permitsPerSecond);
        }
        if (permitsPerSecond < MIN_PERMITS_PER_SECOND) {
            throw new IllegalArgumentException("permits per second must allow at least one a day, not " + permitsPerSecond);
        }
        this.ceiling = permitsPerSecond;
        this.rate = permitsPerSecond;
        this.nanoTime = nanoTime;
        this.waiter = waiter;
        this.random = random;
        long now = nanoTime.getAsLong();
        this.nextFreeNanos = now;
        this.pausedUntilNanos = now;
        this.lastCutNanos = now - SECOND;
        this.lastGrowthNanos = now;
        this.windowStartNanos = now;
    }

    /** At most {@code permits} requests per second, evenly spaced. */
    public static RateLimiter perSecond(double permits) {
        return new RateLimiter(permits, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** No ceiling: {@link #acquire()} returns at once until Tapis answers 429. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Double.POSITIVE_INFINITY, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /**
     * Blocks until the next permit.
     *
     * @return the time ({@link System#nanoTime()} scale) the permit was for: pass it to {@link #tooManyRequests}
     * @throws TapisUnavailableException when interrupted while waiting (the interrupt flag is kept); nothing was sent
     */
    public long acquire() {
        return acquire(SendGuard.NONE);
    }

    /**
     * Blocks until the next permit, waiting as {@code guard} does (its run may end the wait) unless it is
     * {@link SendGuard#NONE}; see {@link #acquire()}.
     *
     * @throws TapisUnavailableException also when the guard's run ended the wait: nothing was sent
     */
    long acquire(SendGuard guard) {
        long slot;
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            grow(now);
            countPermit(now);
            slot = Math.max(now, Math.max(nextFreeNanos, pausedUntilNanos));
            long interval = intervalNanos();
            if (slot == pausedUntilNanos && slot > now) {
                slot += (long) (random.getAsDouble() * interval);
            }
            nextFreeNanos = slot + interval;
            wait = slot - now;
        }
        if (wait > 0) {
            boolean waited;
            try {
                if (guard == SendGuard.NONE) {
                    waiter.waitNanos(wait);
                    waited = true;
                } else {
                    waited = guard.pause(Duration.ofNanos(wait));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TapisUnavailableException("Interrupted while waiting to send a request to Tapis", e, 0,
                        CallEffect.NOT_SENT, null);
            }
            if (!waited) {
                throw new TapisUnavailableException("The run is ending: a request waiting for its turn (rate limit) "
                        + "was not sent", null, 0, CallEffect.NOT_SENT, null);
            }
        }
        return slot;
    }

    /**
     * Tapis answered 429 to a request sent at {@code sentAtNanos}: slow down, and hold every new request
     * back for {@code wait}.
     */
    public synchronized void tooManyRequests(long sentAtNanos, Duration wait) {
        long now = nanoTime.getAsLong();
        if (sentAtNanos > lastCutNanos) {
            rate = Math.max(FLOOR_PER_SECOND, Math.min(ceiling, Math.min(rate, observedRate(now))) / 2);
            lastCutNanos = now;
            lastGrowthNanos = now;
        }
        pausedUntilNanos = Math.max(pausedUntilNanos, now + wait.toNanos());
    }

    /** The permits per second handed out now; infinite when nothing holds requests back. */
    synchronized double rate() {
        return rate;
    }

    /** The spacing between permits; zero when unlimited. */
    synchronized long intervalNanos() {
        return Double.isInfinite(rate) ? 0 : (long) Math.ceil(SECOND / rate);
    }

    private void grow(long now) {
        if (rate >= ceiling || now - lastGrowthNanos < SECOND) {
            return;
        }
        double seconds = (now - lastGrowthNanos) / (double) SECOND;
        rate = Math.min(ceiling, rate * Math.pow(GROWTH_PER_SECOND, seconds));
        if (Double.isInfinite(ceiling) && rate > UNLIMITED_ABOVE) {
            rate = Double.POSITIVE_INFINITY;
        }
        lastGrowthNanos = now;
    }

    private void countPermit(long now) {
        if (now - windowStartNanos >= SECOND) {
            previousWindowPermits = now - windowStartNanos < 2 * SECOND ? windowPermits : 0;
            windowPermits = 0;
            windowStartNanos = now;
        }
        windowPermits++;
    }

    /** Requests per second lately: the busier of the last full second and the current one so far. */
    private double observedRate(long now) {
        double current = windowPermits * (double) SECOND / Math.max(now - windowStartNanos, SECOND / 10);
        return Math.max(FLOOR_PER_SECOND, Math.max(previousWindowPermits, current));
    }

    @Override
    public synchronized String toString() {
        return Double.isInfinite(rate) ? "RateLimiter[unlimited]" : String.format("RateLimiter[%.1f/s]", rate);
    }
}
