package io.tmsprovisioner.provisioning;

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
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration lostCreateWait) {

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
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(180));
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
