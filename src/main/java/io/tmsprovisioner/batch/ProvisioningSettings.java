package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.step.ProvisioningTasklet;
import io.tmsprovisioner.pacing.PacingSettings;
import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.ProtectedUsers;
import io.tmsprovisioner.provisioning.ReverifySchedule;
import io.tmsprovisioner.provisioning.calls.RetryPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How the job runs ({@code tms.*} properties). A setting that is also an option of {@code run} has the
 * option's name ({@code tms.max-attempts} for {@code --max-attempts}), and the CLI hands the job the value it
 * resolved, from the command line or from configuration.
 *
 * @param concurrency     rows processed at once, so up to this many Tapis calls in flight
 * @param perSystemConcurrency rows of one system processed at once: every check is an SSH connection to
 *                        the system's host, whose sshd drops new connections past 10 pending ones
 *                        (OpenSSH's default {@code MaxStartups 10:30:100})
 * @param chunkSize       outcomes per commit at most; 0 means {@value #DEFAULT_ROWS_PER_THREAD} per thread.
 *                        Commits run beside the rows, not between them: a commit carries the rows that
 *                        finished while the last one was written, or within {@code ProvisioningTasklet.LINGER}
 * @param maxAttempts     attempts per Tapis call that fails transiently, the first included (see {@link RetryPolicy})
 * @param noSystemCache   a getSystem for every row instead of one per system per run; only to compare with the
 *                        old helper
 * @param heartbeat       how often a running execution records that its process is alive; a run on
 *                        another host takes it for dead after four missed beats (see {@link Heartbeat})
 * @param stopGrace       how long a stopping run (SIGTERM, Ctrl-C, a failure) lets the rows in flight finish
 *                        before it ends; under Kubernetes' 30 s between SIGTERM and SIGKILL
 * @param failureStreak   rows in a row that FAILED the same way on several systems after which the job stops
 *                        (see {@link FailureStreak}); 0 never stops
 * @param writeTimeout    the client's timeout for creates and removes, which a check after a create's lost answer
 *                        waits too (see {@link RetryPolicy#lostCreateWait()})
 * @param noVerify        new TMS keys are not checked on the host after they are created
 * @param replaceRefused  a stored key the host refuses is replaced even when an earlier run's replacement was refused
 * @param reverifyAfter   how long a pair found working stays trusted: an establish row whose pair an earlier run
 *                        found working is checked again only in its turn, once in each such period (see
 *                        {@link io.tmsprovisioner.provisioning.ReverifySchedule}); zero checks every pair every run
 * @param protectedUsers  users (names, or patterns with {@code *} and {@code ?}) whose credentials a sync never
 *                        removes, e.g. the tenant's service accounts
 * @param pacing          the pace of SSH connects per host and of writes ({@code tms.pacing.*})
 */
@ConfigurationProperties("tms")
public record ProvisioningSettings(@DefaultValue("16") int concurrency, @DefaultValue("8") int perSystemConcurrency,
                                   @DefaultValue("0") int chunkSize, @DefaultValue("5") int maxAttempts,
                                   @DefaultValue Retry retry, @DefaultValue("false") boolean noSystemCache,
                                   @DefaultValue(DEFAULT_HEARTBEAT) Duration heartbeat,
                                   @DefaultValue("20s") Duration stopGrace,
                                   @DefaultValue("" + FailureStreak.DEFAULT_LENGTH) int failureStreak,
                                   @DefaultValue("180s") Duration writeTimeout,
                                   @DefaultValue("false") boolean noVerify,
                                   @DefaultValue("false") boolean replaceRefused,
                                   @DefaultValue("0s") Duration reverifyAfter,
                                   @DefaultValue List<String> protectedUsers,
                                   @DefaultValue Pacing pacing) {
    static final int DEFAULT_ROWS_PER_THREAD = 64;
    /** {@code tms.heartbeat} when not set. */
    public static final String DEFAULT_HEARTBEAT = "30s";
    /**
     * Rows in the window at most (read and not yet committed), per thread: bounds memory while rows wait for their pair
     * or their system's cap, and lets rows of other systems be read past many rows of one system at its cap.
     */
    static final int WINDOW_ROWS_PER_THREAD = 256;

    public ProvisioningSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (perSystemConcurrency < 1) {
            throw new IllegalArgumentException("per-system concurrency must be at least 1, not " + perSystemConcurrency);
        }
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("the stop grace period must not be negative, not " + stopGrace);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must be positive (or 0 for the default), not " + chunkSize);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("the heartbeat interval must be positive, not " + heartbeat);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("the write timeout must be positive, not " + writeTimeout);
        }
        ReverifySchedule.every(reverifyAfter); // a negative period is refused before anything runs
        protectedUsers = protectedUsers == null ? List.of() : List.copyOf(protectedUsers);
        ProtectedUsers.of(protectedUsers); // a blank pattern is refused before anything runs
        if (failureStreak < 0) {
            throw new IllegalArgumentException("the failure streak must be 0 (never stop) or more rows, not "
                    + failureStreak);
        }
    }

    /** {@link #protectedUsers} as a sync applies them. */
    public ProtectedUsers protectedUsersPatterns() {
        return ProtectedUsers.of(protectedUsers);
    }

    public int effectiveChunkSize() {
        return chunkSize > 0 ? chunkSize : DEFAULT_ROWS_PER_THREAD * concurrency;
    }

    /** Rows in the window at most: read from the input and not committed yet. */
    int window() {
        return WINDOW_ROWS_PER_THREAD * concurrency;
    }

    /** How transient Tapis failures are retried. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, retry.baseDelay(), retry.maxDelay(), writeTimeout, retry.patience());
    }

    /**
     * The pace of a run's calls ({@code tms.pacing.*}); see {@link PacingSettings} for each value. Off only to compare
     * with a run that hammers Tapis, or in tests whose simulator has no throttle.
     */
    public record Pacing(@DefaultValue("true") boolean enabled, @DefaultValue("8") int connects,
                         @DefaultValue("4s") Duration window, @DefaultValue("250ms") Duration margin,
                         @DefaultValue("32") int maxConnects, @DefaultValue("8") int maxPending,
                         @DefaultValue("60s") Duration hold, @DefaultValue("2") int writes,
                         @DefaultValue("4") int maxWrites) {

        PacingSettings settings() {
            return new PacingSettings(connects, window, margin, maxConnects, maxPending, hold, writes, maxWrites);
        }
    }

    /** The backoff between the attempts ({@code tms.retry.*}); see {@link RetryPolicy}. */
    public record Retry(@DefaultValue("500ms") Duration baseDelay, @DefaultValue("30s") Duration maxDelay,
                        @DefaultValue("60s") Duration patience) {
    }
}
