package io.tmsprovisioner.report;

import io.tmsprovisioner.batch.step.DepartedPairs;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.pacing.HostFigures;
import io.tmsprovisioner.provisioning.Outcome;
import org.springframework.batch.core.BatchStatus;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Text renderings of executions for a terminal or a cron mail: the end-of-run summary and the status list. */
public final class Summaries {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Summaries() {
    }

    /**
     * @param unreachableHosts systems whose host Tapis could not reach in this job instance, with their rows
     *                         recorded FAILED for it (see {@code OutcomeRepository.unreachableHosts})
     */
    public static void runSummary(ExecutionOverview run, Map<String, Long> unreachableHosts, String reportHint,
                                  PrintWriter out) {
        out.printf("%nExecution %d (job instance %d): %s%s%s%n", run.executionId(), run.instanceId(), run.shownStatus(),
                run.duration().map(d -> " in " + seconds(d)).orElse(""),
                run.dryRun() ? " - DRY RUN: nothing was created or removed" : "");
        out.printf("  input   %s%n  action  %s (default for rows without one)%n  tapis   %s%n",
                run.inputFile(), OutcomeReport.lower(run.action()), run.tapisUrl());
        out.printf("  rows    %d recorded by this execution, %d by the job instance in all%n",
                run.executionRows(), run.instanceRows());
        if (!run.supersedes().isEmpty()) {
            out.printf("  superseded the unfinished run of the file's earlier content: execution %s, now ABANDONED%n",
                    run.supersedes().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        out.printf("%n  %-16s %8s%n", "OUTCOME", "ROWS");
        for (Outcome outcome : Outcome.values()) {
            long count = run.instanceCounts().getOrDefault(outcome, 0L);
            if (count > 0) {
                out.printf("  %-16s %8d%n", outcome, count);
            }
        }
        out.printf("  %-16s %8d%n", "total", run.instanceRows());
        if (!unreachableHosts.isEmpty()) {
            out.printf("%nTapis could not reach the host of these systems (SYSLIB_CRED_CONN_FAIL); their rows FAILED "
                    + "without a change, or are UNVERIFIED (new keys stored, to be checked by the next run):%n");
            unreachableHosts.forEach((system, rows) -> out.printf("  %-40s %8d row(s)%n", system, rows));
        }
        for (String failure : run.failures()) {
            out.printf("%nThe job stopped: %s%n", failure);
        }
        if (run.status() == BatchStatus.STOPPED) {
            out.printf("%nstopped: run the same command to resume (rows without an outcome were not processed).%n");
        } else if (run.status().isUnsuccessful() || run.status().isRunning()) {
            out.printf("Rows without an outcome were not processed; run the same command again to resume.%n");
        } else if (run.rowsNeedingAttention() > 0) {
            out.printf("%n%d row(s) need attention (FAILED, REJECTED, UNVERIFIED or KEYS_REFUSED): see the report.%n",
                    run.rowsNeedingAttention());
        }
        out.printf("Report: %s%n", reportHint);
        out.flush();
    }

    /** What a run that synced its roster did to the pairs that left it. */
    public static void sync(DepartedPairs.Summary sync, PrintWriter out) {
        String outcomes = sync.outcomes().entrySet().stream()
                .map(counted -> counted.getValue() + " " + counted.getKey())
                .collect(Collectors.joining(", "));
        out.printf("Sync of roster %s: %d pair(s) left the roster (created by its earlier runs, no longer listed)%s%s%n",
                sync.roster(), sync.departed(), outcomes.isEmpty() ? "" : ": " + outcomes,
                sync.protectedKept() == 0 ? "" : "; " + sync.protectedKept() + " more of protected users kept");
        out.flush();
    }

    /**
     * Figures about this execution, for sizing runs and for the benchmark: rows per second, Tapis calls per
     * row and peak heap; then how long Tapis took to answer and how many calls were in flight on average,
     * which tells a slow Tapis from a job that does not keep enough calls going.
     */
    public static void throughput(ExecutionOverview run, long tapisCalls, Duration tapisWaited, long peakHeapBytes,
                                  PrintWriter out) {
        long rows = run.executionRows();
        double seconds = run.duration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        double waitedSeconds = tapisWaited.toNanos() / 1e9;
        out.printf("Throughput: %d rows in %.2f s (%.0f rows/s); %d Tapis calls (%.2f per row); peak heap %d MiB%n",
                rows, seconds, seconds > 0 ? rows / seconds : 0.0, tapisCalls,
                rows > 0 ? (double) tapisCalls / rows : 0.0, peakHeapBytes >> 20);
        out.printf("Tapis: %.1f ms per answer on average; %.1f calls in flight on average%n",
                tapisCalls > 0 ? 1000 * waitedSeconds / tapisCalls : 0.0, seconds > 0 ? waitedSeconds / seconds : 0.0);
        out.flush();
    }

    /** How the run told which credentials exist: Tapis's listing (a tenant admin) or a check per pair. */
    public static void existence(String how, PrintWriter out) {
        out.printf("Existence: %s%n", how);
        out.flush();
    }

    /**
     * Each host's SSH connects (a check of a stored credential is one): how many, how many took so much longer than
     * the others that they likely slept in Systems' connect throttle, the pace the run ended at and the answer
     * times. A slow share of a few percent or more means the tenant admits fewer connects than the pace; none, with
     * the pace at its start and answer times close to a check's, means the run went as fast as Tapis lets it.
     */
    public static void hosts(List<HostFigures> hosts, PrintWriter out) {
        List<HostFigures> connected = hosts.stream().filter(host -> host.connects() > 0).toList();
        if (connected.isEmpty()) {
            return;
        }
        out.printf("SSH connects by host (slow: took seconds longer than the others, likely throttled by Tapis):%n");
        out.printf("  %-40s %9s %6s %6s %14s %9s %9s%n", "HOST", "CONNECTS", "SLOW", "SLOW%", "PACE", "MEDIAN", "P95");
        for (HostFigures host : connected) {
            out.printf("  %-40s %9d %6d %5.1f%% %14s %9s %9s%n", host.host(), host.connects(), host.slow(),
                    100.0 * host.slow() / host.connects(), host.pace() + " per " + span(host.window()),
                    span(host.median()), span(host.p95()));
        }
        out.flush();
    }

    /** "270 ms", "4 s", "4.25 s". */
    private static String span(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : (millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s");
    }

    /**
     * Whether a running execution's process still gives signs of life, for {@code status}: after a crash the
     * repository still says STARTED, and only the heartbeat tells a live run from a dead one on another host.
     */
    public static String liveness(long executionId, BatchStatus status, Heartbeat.Liveness liveness) {
        String execution = "Execution " + executionId + " is " + status;
        if (liveness.silence().isEmpty()) {
            return execution + " and has no heartbeat: only its own host can tell whether its process still runs.";
        }
        Duration silence = liveness.silence().get();
        if (!liveness.takenForDead()) {
            return execution + ": its process gave a sign of life " + age(silence) + " ago.";
        }
        return execution + ", but its process has given no sign of life for " + age(silence)
                + ": it is taken for dead, and running the same command resumes it.";
    }

    /**
     * One line per execution. An execution that a later one superseded (marked ABANDONED when the file's new
     * content started) shows that one's id instead, so that nobody resumes or investigates it: the listed
     * executions are newest first, and a superseding one is always newer than those it superseded.
     */
    public static void statusTable(List<ExecutionOverview> executions, PrintWriter out) {
        Map<Long, Long> supersededBy = new HashMap<>();
        executions.forEach(e -> e.supersedes().forEach(old -> supersededBy.put(old, e.executionId())));
        String format = "%-9s %-8s %-23s %-19s %-19s %-15s %7s  %-40s %s%n";
        out.printf(format, "EXECUTION", "INSTANCE", "STATUS", "START", "END", "ACTION", "ROWS", "OUTCOMES (instance)",
                "INPUT");
        for (ExecutionOverview e : executions) {
            Long newer = supersededBy.get(e.executionId());
            String status = newer == null ? e.shownStatus() : "SUPERSEDED BY " + newer;
            out.printf(format, e.executionId(), e.instanceId(), status, time(e.start()), time(e.end()),
                    OutcomeReport.lower(e.action()) + (e.dryRun() ? " (dry)" : ""), e.executionRows(),
                    counts(e.instanceCounts()), e.inputFile());
        }
        out.flush();
    }

    static String counts(Map<Outcome, Long> counts) {
        return counts.isEmpty() ? "-" : counts.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    public static String time(LocalDateTime time) {
        return time == null ? "-" : TIME.format(time);
    }

    private static String age(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
