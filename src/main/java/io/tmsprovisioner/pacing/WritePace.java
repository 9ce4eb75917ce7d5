package io.tmsprovisioner.pacing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many creates and removes are in flight at once. Systems runs credential writes one at a time, so more than a
 * few in flight only queue inside Tapis and stretch every answer toward the write timeout. The number adapts: a
 * write that took more than twice the quickest recent one (and {@link #QUEUEING} more) was queued, and the number
 * drops by one; after four quick writes per write allowed it grows by one, up to
 * {@link PacingSettings#maxWrites()}.
 */
public final class WritePace {
    /** Below this, a slower write is noise, not a queue. */
    private static final Duration QUEUEING = Duration.ofMillis(50);
    private static final int BEST_OF = 32;
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final int maxWrites;
    private final LongSupplier nanoTime;
    private int limit;
    private int inFlight;
    private final long[] recent = new long[BEST_OF];
    private int recentCount;
    private int quickSinceChange;

    public WritePace(PacingSettings settings, LongSupplier nanoTime) {
        this.maxWrites = settings.maxWrites();
        this.limit = settings.writes();
        this.nanoTime = nanoTime;
    }

    /**
     * Waits until a write may start, and starts it.
     *
     * @return the write, to be told when it ended; null when the run ended the wait
     */
    public Write start(Waiter waiter) throws InterruptedException {
        while (!tryStart()) {
            if (!waiter.pause(Duration.ofNanos(POLL_NANOS))) {
                return null;
            }
        }
        return new Write(nanoTime.getAsLong());
    }

    synchronized int limit() {
        return limit;
    }

    private synchronized boolean tryStart() {
        if (inFlight >= limit) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** A write that took {@code took}, successful or not, ended. */
    synchronized void ended(long took) {
        inFlight--;
        long quickest = quickest();
        recent[recentCount++ % BEST_OF] = took;
        if (quickest > 0 && took > 2 * quickest + QUEUEING.toNanos()) {
            limit = Math.max(1, limit - 1);
            quickSinceChange = 0;
        } else if (++quickSinceChange >= 4 * limit && limit < maxWrites) {
            limit++;
            quickSinceChange = 0;
        }
    }

    /** The quickest of the recent writes; 0 before any. */
    private long quickest() {
        long quickest = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(recentCount, BEST_OF); i++) {
            quickest = Math.min(quickest, recent[i]);
        }
        return quickest == Long.MAX_VALUE ? 0 : quickest;
    }

    /** One write in flight. */
    public final class Write {
        private final long startedAt;

        private Write(long startedAt) {
            this.startedAt = startedAt;
        }

        /** The write's call ended, with an answer or without. */
        public void ended() {
            WritePace.this.ended(nanoTime.getAsLong() - startedAt);
        }
    }
}
