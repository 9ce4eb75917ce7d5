package io.tmsprovisioner.cli;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.TmsProvisionerApplication;
import io.tmsprovisioner.cli.CliRunner.Result;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run killed with SIGKILL part-way, then the same command again: as if nothing had happened. */
class CrashRecoveryTests {
    @TempDir
    Path dir;

    /**
     * @param concurrency threads of the killed run
     * @param chunkSize   rows per chunk of the killed run
     * @param committed   rows its committed chunks hold when the 6th create is held
     */
    @ParameterizedTest(name = "concurrency {0}, chunks of {1}")
    @CsvSource({"1, 4, 8", "32, 512, 0"})
    void aRunKilledDuringACreateIsResumedWithTheSameOutcomesAndNoSecondCreate(int concurrency, int chunkSize,
                                                                            int committed) throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: a child JVM running the job, held inside its 6th create (keys minted, answer not sent)
            String repository = "jdbc:h2:file:" + dir.resolve("repository");
            CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 6);
            Process child = startRun(simulator, repository, concurrency, chunkSize);

            // when: it is killed there
            assertThat(inCreate.await(120, TimeUnit.SECONDS)).as("the child reached its 6th create").isTrue();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            simulator.releaseHeld();
            assertThat(outcomes(repository)).as("the chunks committed before the kill").hasSize(committed);
            assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                    .as("the killed run's heartbeat is fresh").containsPattern("Execution 1 is STARTED: its process "
                            + "gave a sign of life \\d+ s ago");

            // and the same command runs again
            Result resumed = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN,
                            "TAPIS_PASSWORD", Samples.adminPassword()),
                    "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                    "--repository-url", repository);

            // then
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
            assertThat(resumed.out()).contains("31 by the job instance in all");
            assertThat(outcomes(repository)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
            assertThat(simulator.totalKeysMinted()).as("same Tapis state as an uninterrupted run").isEqualTo(13);
            assertThat(executionStatuses(repository)).containsExactly("FAILED", "COMPLETED");
        }
    }

    private Process startRun(TapisSimulator simulator, String repository, int concurrency, int chunkSize)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                TmsProvisionerApplication.class.getName(),
                "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                "--repository-url", repository, "--concurrency", Integer.toString(concurrency)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("TAPIS_USERNAME", Samples.ADMIN);
        builder.environment().put("TAPIS_PASSWORD", Samples.adminPassword());
        builder.environment().put("TMS_CHUNK_SIZE", Integer.toString(chunkSize));
        return builder.start();
    }

    private static Map<Long, Outcome> outcomes(String url) throws Exception {
        Map<Long, Outcome> outcomes = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT LINE_NUMBER, OUTCOME FROM PROVISIONING_OUTCOME")) {
            while (rows.next()) {
                assertThat(outcomes.put(rows.getLong(1), Outcome.valueOf(rows.getString(2)))).isNull();
            }
        }
        return outcomes;
    }

    private static List<String> executionStatuses(String url) throws Exception {
        List<String> statuses = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID")) {
            while (rows.next()) {
                statuses.add(rows.getString(1));
            }
        }
        return statuses;
    }
}
