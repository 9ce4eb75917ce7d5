package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
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
     * Killed while the 6th create is held (keys minted, answer not sent), with rows finishing in file order.
     *
     * @param concurrency threads of the killed run
     * @param chunkSize   outcomes per commit of the killed run
     */
    @ParameterizedTest(name = "concurrency {0}, commits of {1}")
    @CsvSource({"1, 4", "32, 512"})
    void aRunKilledDuringACreateIsResumedWithTheSameOutcomesAndNoSecondCreate(int concurrency, int chunkSize)
            throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: a child JVM running the job, held inside its 6th create (keys minted, answer not sent)
            String repository = "jdbc:h2:file:" + dir.resolve("repository");
            CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 6);
            Process child = startRun(simulator, repository, concurrency, chunkSize);

            // when: it is killed there
            assertThat(inCreate.await(120, TimeUnit.SECONDS)).as("the child reached its 6th create").isTrue();
            killAndRelease(child, simulator);
            assertThat(Samples.ONBOARDING_OUTCOMES).as("what the killed run committed is right")
                    .containsAllEntriesOf(outcomes(repository));
            assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                    .as("the killed run's heartbeat is fresh").containsPattern("Execution 1 is STARTED: its process "
                            + "gave a sign of life \\d+ s ago");

            // then: the same command finishes it as if nothing had happened
            assertResumedAsIfNothingHappened(simulator, repository);
        }
    }

    @Test
    void aRunKilledAfterCommittingRowsThatComeAfterAnUnfinishedOneResumesOnlyThatOne() throws Exception {
        try (TapisSimulator simulator = Samples.startSimulator()) {
            // given: line 8's create held (keys minted, answer not sent) while every other row finishes; the
            // repository is served by the child while it runs, for this test to read
            String repository = "jdbc:h2:file:" + dir.resolve("repository") + ";AUTO_SERVER=TRUE";
            CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL,
                    "designsafe.storage.default", "rpatel");
            Process child = startRun(simulator, repository, 32, 512);
            assertThat(inCreate.await(120, TimeUnit.SECONDS)).as("the child reached rpatel's create").isTrue();

            // when: the other 30 rows are committed, after line 8 in the file, and then the run is killed
            Map<Long, Outcome> committed = awaitOutcomes(repository, Samples.ONBOARDING_OUTCOMES.size() - 1);
            killAndRelease(child, simulator);

            // then: the resumed run does line 8 only, without a second create
            assertThat(committed).doesNotContainKey(8L).containsKeys(9L, 41L);
            assertResumedAsIfNothingHappened(simulator, repository);
            assertThat(outcomes(repository)).containsEntry(8L, Outcome.CREATED);
            assertThat(simulator.keysMinted("designsafe.storage.default", "rpatel")).isEqualTo(1);
        }
    }

    private static void killAndRelease(Process child, TapisSimulator simulator) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        simulator.releaseHeld();
    }

    private static void assertResumedAsIfNothingHappened(TapisSimulator simulator, String repository) throws Exception {
        Result resumed = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN, "TAPIS_PASSWORD", Samples.adminPassword()),
                "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                "--repository-url", repository);
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(resumed.out()).contains("31 by the job instance in all");
        assertThat(outcomes(repository)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.totalKeysMinted()).as("same Tapis state as an uninterrupted run").isEqualTo(13);
        assertThat(executionStatuses(repository)).containsExactly("FAILED", "COMPLETED");
    }

    /**
     * Waits for the child to commit {@code count} outcomes. The child is another process that gives no signal
     * when it commits, so this asks its repository every 20 ms, for at most a minute.
     */
    private static Map<Long, Outcome> awaitOutcomes(String url, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        Map<Long, Outcome> outcomes = outcomes(url);
        while (outcomes.size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            outcomes = outcomes(url);
        }
        assertThat(outcomes).as("outcomes the child committed").hasSize(count);
        return outcomes;
    }

    private Process startRun(TapisSimulator simulator, String repository, int concurrency, int chunkSize)
            throws Exception {
        return ChildRun.start(simulator, repository, dir.resolve("child.log"),
                Map.of("TMS_CHUNK_SIZE", Integer.toString(chunkSize)),
                "--concurrency", Integer.toString(concurrency)).process();
    }

    static Map<Long, Outcome> outcomes(String url) throws Exception {
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

    static List<String> executionStatuses(String url) throws Exception {
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
