package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the job runs ({@code tms.*} properties; the CLI sets them from its options).
 *
 * @param concurrency     rows processed at once, so up to this many Tapis calls in flight
 * @param chunkSize       rows per transaction; 0 means 16 per thread (at least 50): a chunk waits for
 *                        its slowest row, so chunks much larger than the concurrency keep threads busy
 * @param systemCache     one getSystem per system per run; off only to compare with the old helper
 */
@ConfigurationProperties("tms")
public record ProvisioningSettings(@DefaultValue("16") int concurrency, @DefaultValue("0") int chunkSize,
                                   @DefaultValue Retry retry, @DefaultValue("true") boolean systemCache) {

    public ProvisioningSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be positive (or 0 for the default), not " + chunkSize);
        }
    }

    public int effectiveChunkSize() {
        return chunkSize > 0 ? chunkSize : Math.max(50, 16 * concurrency);
    }

    /** Retries of transient Tapis failures; see {@link RetryPolicy}. */
    public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("500ms") Duration baseDelay,
                        @DefaultValue("30s") Duration maxDelay) {

        public RetryPolicy policy() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
        }
    }
}
