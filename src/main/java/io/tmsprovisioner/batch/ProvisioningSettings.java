package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the job runs ({@code tms.*} properties; the CLI sets them from its options).
 *
 * @param concurrency     rows processed at once, so up to this many Tapis calls in flight
 * @param chunkSize       rows per transaction; 0 means {@value #DEFAULT_ROWS_PER_THREAD} per thread.
 *                        Every chunk end idles all threads while the slowest rows finish and the outcomes
 *                        are written, some 100 ms at 32 threads and 20 ms calls: with 64 rows per thread
 *                        {@code bench/run.sh} kept 29.6 of 32 calls in flight on average, with 16 only 28.4.
 *                        A failed chunk costs little on resume: the journal keeps what took effect, so
 *                        only its rows' checks are repeated.
 * @param systemCache     one getSystem per system per run; off only to compare with the old helper
 * @param heartbeat       how often a running execution records that its process is alive; a run on
 *                        another host takes it for dead after four missed beats (see {@link Heartbeat})
 * @param failureStreak   rows in a row that FAILED the same way on several systems after which the job stops
 *                        (see {@link FailureStreak}); 0 never stops
 */
@ConfigurationProperties("tms")
public record ProvisioningSettings(@DefaultValue("16") int concurrency, @DefaultValue("0") int chunkSize,
                                   @DefaultValue Retry retry, @DefaultValue("true") boolean systemCache,
                                   @DefaultValue("30s") Duration heartbeat,
                                   @DefaultValue("" + FailureStreak.DEFAULT_LENGTH) int failureStreak) {
    static final int DEFAULT_ROWS_PER_THREAD = 64;

    public ProvisioningSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be positive (or 0 for the default), not " + chunkSize);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("the heartbeat interval must be positive, not " + heartbeat);
        }
        if (failureStreak < 0) {
            throw new IllegalArgumentException("the failure streak must be 0 (never stop) or more rows, not "
                    + failureStreak);
        }
    }

    public int effectiveChunkSize() {
        return chunkSize > 0 ? chunkSize : DEFAULT_ROWS_PER_THREAD * concurrency;
    }

    /** Retries of transient Tapis failures; see {@link RetryPolicy}. */
    public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("500ms") Duration baseDelay,
                        @DefaultValue("30s") Duration maxDelay) {

        public RetryPolicy policy() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
        }
    }
}
