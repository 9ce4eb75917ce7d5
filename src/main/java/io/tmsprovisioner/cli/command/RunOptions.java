package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.provisioning.ReverifySchedule;
import io.tmsprovisioner.tapis.ClientSettings;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How hard and how patiently a run may use Tapis: shared by {@code run} and {@code demo}. */
public class RunOptions {
    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Rows processed at once, so up to N Tapis calls in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--per-system-concurrency", paramLabel = "N", defaultValue = "8",
            description = "Rows of one system processed at once: every check is an SSH connection to the system's "
                    + "host, whose sshd drops connections past 10 pending ones. Rows of other systems pass a system "
                    + "at its limit. Default: ${DEFAULT-VALUE}.")
    int perSystemConcurrency;

    @Option(names = "--max-rate", paramLabel = "R", defaultValue = "0",
            description = "At most R Tapis requests per second across all threads (0: no limit). Default: ${DEFAULT-VALUE}.")
    double maxRate;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
            description = "Attempts per Tapis call when it fails transiently (500, 502, 503, 504, I/O errors, "
                    + "timeouts), with exponential backoff and jitter; a create whose answer was lost is checked "
                    + "before it is sent again. Rate limits (429) do not count. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--rate-limit-patience", paramLabel = "MINUTES", defaultValue = "10",
            description = "How long one call may be held back by Tapis's rate limit (429, waited out as Retry-After "
                    + "asks, the pace of all threads halved) before the job stops as an outage. A Retry-After "
                    + "beyond 5 minutes, or one that cannot be read, stops it at once. Default: ${DEFAULT-VALUE}.")
    int rateLimitPatience;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect timeout per Tapis call. Default: ${DEFAULT-VALUE}.")
    int connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Read timeout per Tapis call. Default: ${DEFAULT-VALUE}.")
    int readTimeout;

    @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Whole-call timeout per Tapis call. Default: ${DEFAULT-VALUE}.")
    int callTimeout;

    @Option(names = "--write-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long a create or remove may take: Tapis runs credential writes one at a time, so they "
                    + "queue inside it. When a create's answer is lost, the check that tells whether it took effect "
                    + "waits this long too, so that a create still running in Tapis is never sent twice. "
                    + "Default: ${DEFAULT-VALUE}.")
    int writeTimeout;

    @Option(names = "--no-verify", negatable = false,
            description = "Do not check new TMS keys on the host after creating them (a check is an SSH connection "
                    + "to the host). Unverified keys are recorded CREATED all the same.")
    boolean noVerify;

    @Option(names = "--replace-refused", negatable = false,
            description = "Replace a stored key that the host refuses even when an earlier run already replaced it "
                    + "and the host refused the replacement too (by default such a pair is reported FAILED and no "
                    + "more key pairs are minted for it: the cause is the host or the account).")
    boolean replaceRefused;

    @Option(names = "--reverify-after", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
            description = {"Do not check again, for establish rows, a pair that an earlier run against the same tenant "
                    + "found working (present and validated, or created and verified on the host) until its turn comes: "
                    + "each pair has one turn per DURATION, at a point of the period fixed by its names, so a roster is "
                    + "checked in full about once per DURATION, a share of it each night, never a pair older than "
                    + "DURATION. Such rows are RECENTLY_VERIFIED and send nothing. E.g. 7d, 36h. Default: 0 (check "
                    + "every pair on every run).",
                    "What the tool did not do is not seen before the pair's turn: a credential removed by someone "
                            + "else, or a host that stopped taking it."})
    Duration reverifyAfter;

    @Option(names = "--no-listing", negatable = false,
            description = "Check every establish pair with Tapis (an SSH connection when a credential is stored) "
                    + "instead of first asking Tapis, once per user, which systems hold a credential for the user "
                    + "(for a tenant admin, whom Tapis lets list on a user's behalf; a pair listed there is reported "
                    + "ALREADY_PRESENT without a check, so a stored key the host refuses is not found).")
    boolean noListing;

    @Option(names = "--dry-run",
            description = "Send only checks and getSystem, never a create or a remove; outcomes say what a real run "
                    + "would do (WOULD_CREATE, WOULD_REMOVE, WOULD_RESET). A dry run is its own job instance.")
    boolean dryRun;

    @Option(names = "--no-system-cache", negatable = false,
            description = "Call getSystem for every row instead of once per system (as the old per-user helper did; for comparison).")
    boolean noSystemCache;

    void validate() {
        if (concurrency < 1 || concurrency > 256) {
            throw new UsageException("--concurrency must be between 1 and 256, not " + concurrency + ".");
        }
        if (perSystemConcurrency < 1) {
            throw new UsageException("--per-system-concurrency must be at least 1, not " + perSystemConcurrency + ".");
        }
        if (maxRate < 0) {
            throw new UsageException("--max-rate must be 0 (no limit) or a positive number of requests per second.");
        }
        if (maxAttempts < 1) {
            throw new UsageException("--max-attempts must be at least 1.");
        }
        if (connectTimeout < 1 || readTimeout < 1 || callTimeout < 1 || writeTimeout < 1) {
            throw new UsageException("timeouts must be at least 1 second.");
        }
        if (rateLimitPatience < 1) {
            throw new UsageException("--rate-limit-patience must be at least 1 minute.");
        }
    }

    /** Says which establish rows the run passes over, when it passes over any. */
    void describeReverification(PrintWriter out) {
        if (!reverifyAfter.isZero()) {
            ReverifySchedule schedule = ReverifySchedule.every(reverifyAfter);
            out.printf("Pairs found working by an earlier run are checked again once per %s, each in its turn; until "
                    + "then they are RECENTLY_VERIFIED (--reverify-after)%n", schedule.describe());
        }
    }

    ClientSettings clientSettings() {
        return new ClientSettings(Duration.ofSeconds(connectTimeout), Duration.ofSeconds(readTimeout),
                Duration.ofSeconds(callTimeout), Duration.ofSeconds(writeTimeout), concurrency, maxRate,
                Duration.ofMinutes(rateLimitPatience));
    }

    /**
     * The options the job reads too, by the same names, as resolved here (from the command line or from
     * configuration), and a connection pool big enough for every thread.
     */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tms.concurrency", Integer.toString(concurrency));
        properties.put("tms.per-system-concurrency", Integer.toString(perSystemConcurrency));
        properties.put("tms.max-attempts", Integer.toString(maxAttempts));
        properties.put("tms.no-system-cache", Boolean.toString(noSystemCache));
        properties.put("tms.no-verify", Boolean.toString(noVerify));
        properties.put("tms.replace-refused", Boolean.toString(replaceRefused));
        properties.put("tms.no-listing", Boolean.toString(noListing));
        properties.put("tms.write-timeout", writeTimeout + "s");
        properties.put("tms.reverify-after", reverifyAfter.toString());
        // each thread may hold a connection for its attempt journal while the step holds the chunk's
        properties.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(concurrency + 4));
        return properties;
    }
}
