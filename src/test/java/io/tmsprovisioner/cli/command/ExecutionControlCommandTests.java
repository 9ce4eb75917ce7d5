package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stop} and {@code abandon} of one execution: what they say, what they change and their exit codes. The
 * states a run on another host would leave (running, silent, stopped) are set in the repository directly.
 */
class ExecutionControlCommandTests extends CliTestSupport {
    /** An owner this host cannot check: only its heartbeat tells whether it lives. */
    private static final String ANOTHER_HOST = "4242 other-pod-7f9c 2026-11-01T02:00:00Z";

    private JdbcTemplate database() {
        return new JdbcTemplate(new DriverManagerDataSource(repository, "sa", ""));
    }

    private Result cli(String... args) {
        String[] withRepository = new String[args.length + 2];
        System.arraycopy(args, 0, withRepository, 0, args.length);
        withRepository[args.length] = "--repository-url";
        withRepository[args.length + 1] = repository;
        return CliRunner.run(Map.of(), withRepository);
    }

    /** The sample run to its end: execution 1, COMPLETED. */
    private void completedRun() {
        Result run = run(loginEnv(), Samples.ONBOARDING);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
    }

    /** Execution 1 marked running by a process on another host, whose last beat was {@code ago}. */
    private void runningOnAnotherHost(Duration ago) {
        JdbcTemplate database = database();
        database.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STARTED', END_TIME = NULL WHERE JOB_EXECUTION_ID = 1");
        database.update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE JOB_EXECUTION_ID = 1 "
                + "AND PARAMETER_NAME = ?", ANOTHER_HOST, JobParameterNames.OWNER);
        database.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT, STALE_AFTER_MS) VALUES (1, ?, ?)",
                OffsetDateTime.now().minus(ago), Duration.ofMinutes(2).toMillis());
    }

    /** Execution 1 STOPPED with only the rows of its first 10 lines recorded, as a stop leaves it; how many. */
    private int stoppedRun() {
        JdbcTemplate database = database();
        database.update("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STOPPED' WHERE JOB_EXECUTION_ID = 1");
        database.update("DELETE FROM PROVISIONING_OUTCOME WHERE LINE_NUMBER > 10");
        return database.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME", Integer.class);
    }

    private String status(long executionId) {
        return database().queryForObject("SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                String.class, executionId);
    }

    @Test
    void anUnknownExecutionCanBeNeitherStoppedNorAbandoned() {
        for (String command : new String[]{"stop", "abandon"}) {
            Result result = cli(command, "99");
            assertThat(result.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("No execution 99 in this repository; `status` lists the executions");
        }
    }

    @Test
    void aCompletedExecutionCanBeNeitherStoppedNorAbandoned() {
        completedRun();

        Result stop = cli("stop", "1");
        assertThat(stop.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stop.err()).contains("Execution 1 is not running: it is COMPLETED since", "nothing to stop");
        Result abandon = cli("abandon", "1");
        assertThat(abandon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(abandon.err()).contains("Execution 1 is COMPLETED: its run is done; nothing to abandon.");
        assertThat(status(1)).isEqualTo("COMPLETED");
    }

    @Test
    void aLiveRunOnAnotherHostIsAskedToStopOnceAndIsNeverAbandoned() {
        // given
        completedRun();
        runningOnAnotherHost(Duration.ofSeconds(5));

        // when / then: asked, with who asked, for the owner to see
        Result stop = cli("stop", "1");
        assertThat(stop.exitCode()).as(stop.err()).isEqualTo(ExitCodes.OK);
        assertThat(stop.out()).contains("Asked execution 1 to stop. Its owner, process 4242 on other-pod-7f9c",
                "ends it STOPPED");
        assertThat(database().queryForObject("SELECT STOP_REQUESTED_BY FROM PROVISIONING_HEARTBEAT", String.class))
                .startsWith(System.getProperty("user.name") + "@");

        // and status says so
        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);
        assertThat(status.out()).contains("A stop was asked by " + System.getProperty("user.name") + "@");

        // and asking again says it was asked already
        Result again = cli("stop", "1");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("A stop of execution 1 was asked already, by "
                + System.getProperty("user.name") + "@");

        // and a running execution is not abandoned
        Result abandon = cli("abandon", "1");
        assertThat(abandon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(abandon.err()).contains("a running execution is never abandoned. `stop 1` first");
        assertThat(status(1)).isEqualTo("STARTED");
    }

    @Test
    void aRunWhoseOwnerIsDeadCannotBeStoppedButCanBeAbandoned() {
        // given: its owner silent for 10 minutes, beyond its 2-minute limit
        completedRun();
        runningOnAnotherHost(Duration.ofMinutes(10));

        // when / then: a stop would reach nobody; the message says what does
        Result stop = cli("stop", "1");
        assertThat(stop.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(stop.err()).contains("its owner, process 4242 on other-pod-7f9c", "is dead",
                "Run the same `run` command to take the execution over and resume it, or `abandon 1`");
        assertThat(status(1)).isEqualTo("STARTED");

        // and abandon takes it over as a run would, then gives it up
        Result abandon = cli("abandon", "1");
        assertThat(abandon.exitCode()).as(abandon.err()).isEqualTo(ExitCodes.OK);
        assertThat(abandon.out()).contains("Execution 1 of job instance 1", "was STARTED and is now ABANDONED");
        assertThat(status(1)).isEqualTo("ABANDONED");
        assertThat(database().queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class)).isZero();
    }

    @Test
    void aStoppedRunIsNotStoppedAgainAndOnceResumedOnlyItsLastExecutionCanBeAbandoned() {
        // given
        completedRun();
        stoppedRun();

        // when / then
        Result stop = cli("stop", "1");
        assertThat(stop.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(stop.err()).contains("Execution 1 is not running: it is STOPPED",
                "Run the same `run` command to resume it, or `abandon 1` to give it up.");

        // when: the same command resumes it (execution 2), and execution 1 is asked to be abandoned
        Result resumed = run(loginEnv(), Samples.ONBOARDING);
        assertThat(resumed.out()).as(resumed.err()).contains("Execution 2 (job instance 1)");
        Result abandon = cli("abandon", "1");

        // then
        assertThat(abandon.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(abandon.err()).contains("Execution 1 was resumed by execution 2 (COMPLETED)");
        assertThat(status(1)).isEqualTo("STOPPED");
    }

    @Test
    void anAbandonedRunIsNotResumedTheSameCommandStartsAFreshInstance() {
        // given
        completedRun();
        int recordedBeforeTheStop = stoppedRun();

        // when
        Result abandon = cli("abandon", "1");

        // then
        assertThat(abandon.exitCode()).as(abandon.err()).isEqualTo(ExitCodes.OK);
        assertThat(abandon.out()).contains("was STOPPED and is now ABANDONED: the same `run` command starts a fresh "
                + "job instance, which does every row again");
        Result again = cli("abandon", "1");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("Execution 1 is ABANDONED already; nothing to abandon.");

        // when: the same command
        Result fresh = run(loginEnv(), Samples.ONBOARDING);

        // then: a second instance did every row; the first keeps what it recorded
        assertThat(fresh.exitCode()).as(fresh.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        JdbcTemplate database = database();
        assertThat(database.queryForList("SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
                Long.class)).containsExactly(1L, 2L);
        assertThat(database.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = 2",
                Integer.class)).isEqualTo(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(database.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = 1",
                Integer.class)).isEqualTo(recordedBeforeTheStop);
    }
}
