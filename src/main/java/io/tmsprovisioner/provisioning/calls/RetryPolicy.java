package io.tmsprovisioner.provisioning.calls;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a row retries a Tapis call that failed transiently (500, 502, 503, 504, a
 * lost answer): exponential backoff with jitter, never sooner than Tapis's Retry-After. (429s never reach
 * it: the transport waits them out.)
 *
 * @param maxAttempts    attempts per call, the first included
 * @param baseDelay      the delay before the second attempt, doubled before each further one
 * @param maxDelay       the ceiling of the exponential part
 * @param lostCreateWait the least wait after a create's answer was lost before a check may conclude that nothing
 *                       was stored: the service may still be carrying the create out (nginx waits an hour for it,
 *                       and the service does not stop when we hang up). The client's write timeout: a create is
 *                       given as long after the loss as the client gave it before
 * @param patience       how long a call keeps being retried, whatever the count: a burst of broken connections (a
 *                       gateway's restart, stale pooled connections) lasts longer than a few quick backoffs, and
 *                       must not fail a row. A call is given up once it used {@code maxAttempts} and has been failing
 *                       for this long. Tries that never reached Tapis are not counted while the patience lasts
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration lostCreateWait,
                          Duration patience) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, not " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= base <= max");
        }
        if (lostCreateWait.isNegative()) {
            throw new IllegalArgumentException("the wait after a lost create must not be negative, not " + lostCreateWait);
        }
        if (patience.isNegative()) {
            throw new IllegalArgumentException("the retry patience must not be negative, not " + patience);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(180),
                Duration.ofSeconds(60));
    }

    /**
     * Whether a call is given up: it used the attempts and has been failing for the patience.
     *
     * @param counted       the failed tries that count (see {@link #patience()})
     * @param failingNanos  how long since its first failure
     */
    boolean givesUp(int counted, long failingNanos) {
        return counted >= maxAttempts && failingNanos >= patience.toNanos();
    }

    /** Whether a failed try counts toward the attempts: one that never reached Tapis counts once the patience is spent. */
    boolean counts(boolean neverSent, long failingNanos) {
        return !neverSent || failingNanos >= patience.toNanos();
    }

    /**
     * The pause before attempt number {@code attempt} (2 for the first retry): half the exponential
     * delay plus a random share of the other half, so that threads failing together do not retry together.
     *
     * @param random a source of numbers in [0, 1)
     */
    Duration delayBefore(int attempt, Optional<Duration> retryAfter, DoubleSupplier random) {
        long exponential = Math.min(maxDelay.toMillis(),
                baseDelay.toMillis() << Math.min(attempt - 2, 30));
        long jittered = exponential / 2 + (long) (random.getAsDouble() * (exponential - exponential / 2));
        Duration backoff = Duration.ofMillis(jittered);
        return retryAfter.filter(wait -> wait.compareTo(backoff) > 0).orElse(backoff);
    }
}
