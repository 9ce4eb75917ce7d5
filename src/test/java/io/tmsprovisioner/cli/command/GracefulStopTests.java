package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM (Ctrl-C, {@code systemctl stop}, a Kubernetes eviction) in the middle of a run on a shared
 * PostgreSQL repository: the run stops gracefully, STOPPED, and any process resumes it at once.
 */
class GracefulStopTests {

    @RegisterExtension
    static final CliPostgres postgres = new CliPostgres();

    @TempDir
    Path dir;

    private ChildRun startRun(TapisSimulator simulator, String repository) throws Exception {
        return ChildRun.start(simulator, repository, dir.resolve("child.log"),
                Map.of("SPRING_DATASOURCE_USERNAME", postgres.user(), "SPRING_DATASOURCE_PASSWORD", postgres.password()),
                "--concurrency", "2");
    }

    @Test
    void sigtermStopsTheRunWithinTheGracePeriodAndAnotherProcessResumesItAtOnce() throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: a run whose 5th check is held in the simulator: a row in flight
            String repository = postgres.createDatabase();
            CountDownLatch inCheck = simulator.holdAfterEffect(Endpoint.CHECK_CREDENTIAL, 5);
            ChildRun child = startRun(simulator, repository);
            assertThat(inCheck.await(120, TimeUnit.SECONDS)).as("the child reached its 5th check").isTrue();

            // when: SIGTERM, then the check in flight answers
            child.process().destroy();
            child.awaitOutput("SIGTERM: stopping");
            simulator.releaseHeld();

            // then: exit 1 well within the grace period, STOPPED, said in one line, no stack trace
            JdbcTemplate database = postgres.superuserOn(repository);
            child.assertStoppedGracefully(Duration.ofSeconds(20), database);

            // when: the same command runs in another process: a STOPPED run waits for no heartbeat to go stale
            Result resumed = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN,
                            "TAPIS_PASSWORD", Samples.adminPassword()),
                    "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                    "--repository-url", repository);

            // then: the state of a run never stopped
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
            assertThat(resumed.out()).contains("31 by the job instance in all");
            assertThat(outcomes(database)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
            assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
            assertThat(database.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
                    String.class)).containsExactly("STOPPED", "COMPLETED");
        }
    }

    @Test
    void aSecondSigtermStopsAtOnceAndTheSameCommandStillFinishesTheWorkWithoutASecondCreate() throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: a run held inside its 3rd create (keys minted, answer not sent)
            String repository = postgres.createDatabase();
            CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 3);
            ChildRun child = startRun(simulator, repository);
            assertThat(inCreate.await(120, TimeUnit.SECONDS)).isTrue();

            // when: SIGTERM, and SIGTERM again while the create is still in flight
            child.process().destroy();
            child.awaitOutput("SIGTERM: stopping");
            child.process().destroy();

            // then: the process ends at once, its execution left as a crash leaves it
            assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isEqualTo(143);
            assertThat(child.output()).contains("SIGTERM again: stopping at once");
            simulator.releaseHeld();

            // when: the same command runs again on this host, where the process is gone
            Result resumed = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN,
                            "TAPIS_PASSWORD", Samples.adminPassword()),
                    "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                    "--repository-url", repository);

            // then: the journal kept it safe
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
            assertThat(outcomes(postgres.superuserOn(repository))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
            assertThat(simulator.totalKeysMinted()).as("no second create").isEqualTo(13);
        }
    }

    private static Map<Long, Outcome> outcomes(JdbcTemplate database) {
        Map<Long, Outcome> outcomes = new TreeMap<>();
        database.query("SELECT LINE_NUMBER, OUTCOME FROM PROVISIONING_OUTCOME",
                rs -> {
                    outcomes.put(rs.getLong(1), Outcome.valueOf(rs.getString(2)));
                });
        return outcomes;
    }
}
