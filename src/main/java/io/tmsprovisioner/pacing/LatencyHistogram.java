package io.tmsprovisioner.pacing;

import java.time.Duration;

/**
 * Answer times in buckets 5% apart, from 1 ms to 10 minutes: quantiles within 5%, in the same small memory
 * however many answers a run counts. Not thread-safe: its owner locks.
 */
final class LatencyHistogram {
    private static final double RATIO = 1.05;
    private static final long SMALLEST_NANOS = 1_000_000;
    private static final int BUCKETS = 1 + (int) Math.ceil(Math.log(600_000.0) / Math.log(RATIO));

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long nanos) {
        counts[bucket(nanos)]++;
        total++;
    }

    /** The answer time under which the given share of answers fell (the bucket's upper end); zero when none. */
    Duration quantile(double share) {
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(share * total));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return Duration.ofNanos((long) (SMALLEST_NANOS * Math.pow(RATIO, bucket)));
            }
        }
        return Duration.ofNanos((long) (SMALLEST_NANOS * Math.pow(RATIO, BUCKETS - 1)));
    }

    private static int bucket(long nanos) {
        if (nanos <= SMALLEST_NANOS) {
            return 0;
        }
        int bucket = (int) Math.ceil(Math.log((double) nanos / SMALLEST_NANOS) / Math.log(RATIO));
        return Math.min(bucket, BUCKETS - 1);
    }
}
