package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code prune} on a repository that real runs filled; subclasses give the database. */
abstract class PruneContract extends CliTestSupport {
    private static final List<String> TABLES = List.of("PROVISIONING_OUTCOME", "PROVISIONING_ATTEMPT",
            "PROVISIONING_HEARTBEAT", "BATCH_STEP_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION",
            "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION", "BATCH_JOB_INSTANCE");

    /** The repository seen behind the application's back. */
    abstract JdbcTemplate database();

    private Map<String, String> rejectedToken() {
        return Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_TOKEN", "expired.jwt.token");
    }

    private Result prune(String... options) {
        List<String> args = new ArrayList<>(List.of("prune", "--repository-url", repository));
        args.addAll(List.of(options));
        return CliRunner.run(Map.of(), args.toArray(String[]::new));
    }

    private long rowsOf(String table) {
        return database().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private long rowsReferring(long instanceId) {
        return database().queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE WHERE JOB_INSTANCE_ID = ?",
                Long.class, instanceId)
                + database().queryForObject("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID = ?",
                Long.class, instanceId)
                + database().queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = ?",
                Long.class, instanceId);
    }

    /** Makes an execution look as if it ran {@code days} days ago. */
    private void age(long executionId, int days) {
        Timestamp then = Timestamp.valueOf(LocalDateTime.now().minusDays(days));
        database().update("UPDATE BATCH_JOB_EXECUTION SET START_TIME = ?, END_TIME = ? WHERE JOB_EXECUTION_ID = ?",
                then, then, executionId);
    }

    @Test
    void removesOnlyOldFinishedInstancesAndKeepsWhatCanStillBeResumed() throws Exception {
        // given: instance 1 completed long ago; instance 2, the same file's next run, failed today (resumable);
        // instance 3 failed long ago (resumable); instance 4 completed today
        Path one = Files.writeString(dir.resolve("one.csv"), "username,system_id\nnewuser,stampede3\n");
        assertThat(run(loginEnv(), Samples.ONBOARDING).exitCode()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(run(rejectedToken(), Samples.ONBOARDING).exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(run(rejectedToken(), Samples.RESET, "--action", "reset").exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(run(loginEnv(), one).exitCode()).isEqualTo(ExitCodes.OK);
        age(1, 40);
        age(3, 40);
        long outcomeRows = rowsOf("PROVISIONING_OUTCOME");

        // when
        Result dryRun = prune("--keep-days", "30", "--dry-run");

        // then
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Would remove 1 job instance(s), 1 execution(s) and 31 outcome row(s) of runs "
                + "that ended before", "(dry run: nothing was removed)", "Kept 1 old job instance(s) whose last "
                + "execution FAILED or was STOPPED");
        assertThat(rowsOf("BATCH_JOB_INSTANCE")).isEqualTo(4);
        assertThat(rowsOf("PROVISIONING_OUTCOME")).isEqualTo(outcomeRows);

        // when
        Result pruned = prune("--keep-days", "30");

        // then
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("Removed 1 job instance(s), 1 execution(s) and 31 outcome row(s)");
        assertThat(rowsReferring(1)).isZero();
        assertThat(rowsOf("BATCH_JOB_INSTANCE")).isEqualTo(3);
        assertThat(rowsOf("PROVISIONING_OUTCOME")).isEqualTo(outcomeRows - 31);
        assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out().lines().skip(1)
                .map(line -> line.split(" ")[0])).as("executions listed").containsExactly("4", "3", "2");

        // when: the file whose first instance was removed runs again
        Result resumed = run(loginEnv(), Samples.ONBOARDING);

        // then: it resumes its failed second instance, not a fresh one
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(resumed.out()).contains("(job instance 2)");
    }

    @Test
    void includeUnfinishedAndADateRemoveEverythingOldAndLeaveNoOrphans() throws Exception {
        assertThat(run(loginEnv(), Samples.ONBOARDING).exitCode()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(run(rejectedToken(), Samples.RESET, "--action", "reset").exitCode()).isEqualTo(ExitCodes.JOB_FAILED);

        Result kept = prune("--before", LocalDate.now().plusDays(1).toString());
        Result all = prune("--before", LocalDate.now().plusDays(1) + "T00:00", "--include-unfinished");

        assertThat(kept.out()).contains("Removed 1 job instance(s), 1 execution(s) and 31 outcome row(s)",
                "Kept 1 old job instance(s)");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("Removed 1 job instance(s), 1 execution(s) and 0 outcome row(s)")
                .doesNotContain("Kept");
        for (String table : TABLES) {
            assertThat(rowsOf(table)).as(table).isZero();
        }
        assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                .contains("No executions recorded");
    }

    @Test
    void aCutoffOnTheCommandLineWinsOverOneFromConfiguration() throws Exception {
        assertThat(run(loginEnv(), Samples.ONBOARDING).exitCode()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        Path config = Files.writeString(dir.resolve("tms.yml"), "tms:\n  keep-days: 30\n");

        Result configured = CliRunner.run(Map.of("TMS_CONFIG", config.toString()), "prune", "--repository-url",
                repository, "--dry-run");
        Result overridden = CliRunner.run(Map.of("TMS_CONFIG", config.toString()), "prune", "--repository-url",
                repository, "--dry-run", "--before", LocalDate.now().plusDays(1).toString());

        assertThat(configured.out()).as(configured.err()).contains("Would remove 0 job instance(s)");
        assertThat(overridden.out()).as(overridden.err()).contains("Would remove 1 job instance(s)");
    }

    @Test
    void aMissingOrBadCutoffIsAUsageError() {
        Result none = prune();
        Result both = prune("--keep-days", "3", "--before", "2026-01-01");
        Result badDate = prune("--before", "yesterday");

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("prune needs one of --keep-days N or --before DATE");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDate.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDate.err()).contains("--before 'yesterday' is not a date");
    }
}
