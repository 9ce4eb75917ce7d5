package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stop EXECUTION_ID} from another process than the run's, on a shared PostgreSQL repository, as from
 * another host: the run hears of it within seconds, stops as on SIGTERM, and the same command resumes it.
 */
class PostgresRemoteStopTests {

    @RegisterExtension
    static final CliPostgres postgres = new CliPostgres();

    @TempDir
    Path dir;

    @Test
    void stopFromAnotherProcessEndsTheRunStoppedAndTheSameCommandResumesIt() throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: a run on one thread, held in its 5th check: a row in flight, nothing else moving
            String repository = postgres.createDatabase();
            CountDownLatch inCheck = simulator.holdAfterEffect(Endpoint.CHECK_CREDENTIAL, 5);
            ChildRun child = ChildRun.start(simulator, repository, dir.resolve("child.log"),
                    Map.of("SPRING_DATASOURCE_USERNAME", postgres.user(),
                            "SPRING_DATASOURCE_PASSWORD", postgres.password()),
                    "--concurrency", "1");
            assertThat(inCheck.await(120, TimeUnit.SECONDS)).as("the child reached its 5th check").isTrue();

            // when: this process asks execution 1 to stop
            Result stop = CliRunner.run(Map.of(), "stop", "1", "--repository-url", repository);

            // then: asked; the run hears of it while its row is still in flight, then lets the row finish
            assertThat(stop.exitCode()).as(stop.out() + stop.err()).isEqualTo(ExitCodes.OK);
            assertThat(stop.out()).contains("Asked execution 1 to stop");
            child.awaitOutput("stop asked by " + System.getProperty("user.name") + "@");
            simulator.releaseHeld();
            JdbcTemplate database = postgres.superuserOn(repository);
            child.assertStoppedGracefully(Duration.ofSeconds(60), database);

            // and a second stop says it is not running any more
            Result late = CliRunner.run(Map.of(), "stop", "1", "--repository-url", repository);
            assertThat(late.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(late.err()).contains("Execution 1 is not running: it is STOPPED");

            // when: the same command, in this process
            Result resumed = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN,
                            "TAPIS_PASSWORD", Samples.adminPassword()),
                    "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                    "--repository-url", repository);

            // then: finished as if never stopped
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
            assertThat(database.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
                    String.class)).containsExactly("STOPPED", "COMPLETED");
            assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        }
    }
}
