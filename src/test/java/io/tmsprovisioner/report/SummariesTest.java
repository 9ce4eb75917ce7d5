package io.tmsprovisioner.report;

import org.junit.jupiter.api.Test;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.pacing.HostFigures;
import org.springframework.batch.core.BatchStatus;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SummariesTest {

    @Test
    void throughputSaysHowFastTheRunWentAndWhetherTapisOrTheJobSetThePace() {
        // 2 rows in 42.5 s; 40,000 calls that took 880 s in all: 22 ms each, 20.7 in flight on average
        ExecutionOverview run = ReportFixtures.execution(List.of(
                ReportFixtures.failed(2, "jdoe", "frontera", 404, "SYSAPI_NOT_FOUND", "no such system"),
                ReportFixtures.failed(3, "asmith", "frontera", 404, "SYSAPI_NOT_FOUND", "no such system")), List.of());
        StringWriter text = new StringWriter();

        Summaries.throughput(run, 40_000, Duration.ofSeconds(880), 96L << 20, new PrintWriter(text));

        assertThat(text.toString()).isEqualTo(String.format(
                "Throughput: 2 rows in 42.50 s (0 rows/s); 40000 Tapis calls (20000.00 per row); peak heap 96 MiB%n"
                        + "Tapis: 22.0 ms per answer on average; 20.7 calls in flight on average%n"));
    }

    @Test
    void throughputOfARunWithoutCallsDividesByNothing() {
        ExecutionOverview run = ReportFixtures.execution(List.of(), List.of());
        StringWriter text = new StringWriter();

        Summaries.throughput(run, 0, Duration.ZERO, 0, new PrintWriter(text));

        assertThat(text.toString()).contains("Throughput: 0 rows in 42.50 s (0 rows/s); 0 Tapis calls (0.00 per row)",
                "Tapis: 0.0 ms per answer on average; 0.0 calls in flight on average");
    }

    @Test
    void eachHostsConnectsTellWhetherTheTenantAdmitsThePace() {
        StringWriter text = new StringWriter();

        Summaries.hosts(List.of(
                new HostFigures("login.stampede3.example.org", 240, 3, 8, Duration.ofSeconds(4), Duration.ofMillis(273),
                        Duration.ofMillis(4250)),
                new HostFigures("data.example.org", 0, 0, 8, Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO),
                new HostFigures("frontera.example.org", 60, 0, 12, Duration.ofMillis(400), Duration.ofMillis(287),
                        Duration.ofMillis(301))), new PrintWriter(text));

        assertThat(text.toString().lines()).containsExactly(
                "SSH connects by host (slow: took seconds longer than the others, likely throttled by Tapis):",
                "  HOST                                      CONNECTS   SLOW  SLOW%           PACE    MEDIAN       P95",
                "  login.stampede3.example.org                    240      3   1.3%      8 per 4 s    273 ms    4.25 s",
                "  frontera.example.org                            60      0   0.0%  12 per 400 ms    287 ms    301 ms");
    }

    @Test
    void aRunWithoutConnectsPrintsNoHostTable() {
        StringWriter text = new StringWriter();

        Summaries.hosts(List.of(new HostFigures("data.example.org", 0, 0, 8, Duration.ofSeconds(4), Duration.ZERO,
                Duration.ZERO)), new PrintWriter(text));

        assertThat(text.toString()).isEmpty();
    }

    private static String summary(ExecutionOverview run) {
        StringWriter text = new StringWriter();
        Summaries.runSummary(run, Map.of(), "tms-provisioner report 12", new PrintWriter(text));
        return text.toString();
    }

    private static String statusTable(ExecutionOverview run) {
        StringWriter text = new StringWriter();
        Summaries.statusTable(List.of(run), new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aCompletedRunWithFailedOrRejectedRowsIsSummedUpAsCompletedWithFailures() {
        ExecutionOverview failures = ReportFixtures.execution(List.of(
                ReportFixtures.row(2, "jdoe", "frontera", Action.ESTABLISH,
                        Outcome.CREATED),
                ReportFixtures.refused(3, "asmith", "vista"),
                ReportFixtures.rejected(4, "j doe", "vista", null, "username 'j doe' has a character not allowed")),
                List.of());
        ExecutionOverview clean = ReportFixtures.execution(List.of(ReportFixtures.row(2, "jdoe", "frontera",
                Action.ESTABLISH, Outcome.CREATED)), List.of());

        assertThat(summary(failures)).startsWith(String.format(
                "%nExecution 12 (job instance 7): COMPLETED WITH FAILURES in 42.5 s%n"));
        assertThat(statusTable(failures).lines().skip(1)).singleElement().asString()
                .startsWith("12        7        COMPLETED WITH FAILURES 2025-03-01 02:00:00 ");
        assertThat(summary(clean)).startsWith(String.format("%nExecution 12 (job instance 7): COMPLETED in 42.5 s%n"));
        assertThat(statusTable(clean).lines().skip(1)).singleElement().asString()
                .startsWith("12        7        COMPLETED               2025-03-01 02:00:00 ");
    }

    @Test
    void aRunThatALaterRunSupersededIsListedAsSupersededByThatOne() {
        // given: execution 12 left unfinished, then marked ABANDONED when execution 14 started the file's new content
        ExecutionOverview listed = ReportFixtures.execution(List.of(), List.of());
        ExecutionOverview superseded = new ExecutionOverview(12, 7, "ESTABLISH", "/data/cohort.csv",
                "https://tenant.tapis.io", BatchStatus.ABANDONED, listed.start(), listed.end(), Map.of(), Map.of(),
                List.of(), false, List.of());
        ExecutionOverview superseding = new ExecutionOverview(14, 8, "ESTABLISH", "/data/cohort.csv",
                "https://tenant.tapis.io", BatchStatus.COMPLETED, listed.start(), listed.end(), Map.of(), Map.of(),
                List.of(), false, List.of(12L));
        ExecutionOverview abandoned = new ExecutionOverview(11, 6, "RESET", "/data/other.csv",
                "https://tenant.tapis.io", BatchStatus.ABANDONED, listed.start(), listed.end(), Map.of(), Map.of(),
                List.of(), false, List.of());

        // when
        StringWriter text = new StringWriter();
        Summaries.statusTable(List.of(superseding, superseded, abandoned), new PrintWriter(text));

        // then
        assertThat(text.toString().lines().skip(1)).containsExactly(
                statusLine(14, 8, "COMPLETED", "establish", "/data/cohort.csv"),
                statusLine(12, 7, "SUPERSEDED BY 14", "establish", "/data/cohort.csv"),
                statusLine(11, 6, "ABANDONED", "reset", "/data/other.csv"));
    }

    /** A line of the status table of a run of 2025-03-01 02:00:00 to 02:00:42 that recorded no rows. */
    private static String statusLine(long execution, long instance, String status, String action, String input) {
        return String.format("%-9s %-8s %-23s %-19s %-19s %-15s %7s  %-40s %s", execution, instance, status,
                "2025-03-01 02:00:00", "2025-03-01 02:00:42", action, 0, "-", input);
    }

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void livenessTellsARunningProcessFromADeadOneByItsHeartbeat() {
        assertThat(Summaries.liveness(12, BatchStatus.STARTED,
                new Heartbeat.Liveness(Optional.of(Duration.ofSeconds(14)), false, Optional.empty(), LIMIT)))
                .isEqualTo("Execution 12 is STARTED: its process gave a sign of life 14 s ago.");
        assertThat(Summaries.liveness(12, BatchStatus.STARTED,
                new Heartbeat.Liveness(Optional.of(Duration.ofSeconds(543)), true, Optional.empty(), LIMIT)))
                .isEqualTo("Execution 12 is STARTED, but its process has given no sign of life for 9 min 3 s: "
                        + "it is taken for dead, and running the same command resumes it.");
        assertThat(Summaries.liveness(12, BatchStatus.STOPPING, new Heartbeat.Liveness(Optional.empty(), false, Optional.empty(),
                LIMIT)))
                .isEqualTo("Execution 12 is STOPPING and has no heartbeat: only its own host can tell whether its "
                        + "process still runs.");
    }
}
