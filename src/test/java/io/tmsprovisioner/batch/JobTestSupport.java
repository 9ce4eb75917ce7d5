package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.ProvisioningLauncher;
import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.ProvisioningApplication;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.report.ExecutionHistory;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.tapis.ClientSettings;
import io.tmsprovisioner.tapis.TestClients;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole job against the Tapis simulator, on an in-memory H2 job repository: what its tests share. */
@SpringBootTest(classes = {ProvisioningApplication.class, ProvisioningJobConfiguration.class,
        SwitchableTapis.class, CommitWatch.class},
        properties = {"spring.datasource.url=jdbc:h2:mem:provisioning-job;DB_CLOSE_DELAY=-1", "tms.chunk-size=4",
                "tms.retry.base-delay=5ms", "tms.retry.max-delay=20ms", "tms.retry.patience=0",
                "tms.write-timeout=" + JobTestSupport.WRITE_TIMEOUT_MILLIS + "ms",
                // the simulator has no connect throttle unless a test turns it on, and then sets the pace to match
                "tms.pacing.enabled=false"})
abstract class JobTestSupport {
    /**
     * How long a create or remove may take, and so how long the check after a create's lost answer waits: the
     * client's and the job's, as the command line sets both from {@code --write-timeout}.
     */
    static final long WRITE_TIMEOUT_MILLIS = 2_000;
    /** Shorter than a real run's, so that a test that goes wrong fails soon. */
    private static final ClientSettings TEST_TIMEOUTS = TestClients.withTimeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(WRITE_TIMEOUT_MILLIS));

    @Autowired
    ProvisioningLauncher launcher;
    @Autowired
    OutcomeRepository outcomes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SwitchableTapis tapis;
    @Autowired
    CommitWatch commits;
    @Autowired
    JobRepository jobRepository;
    @Autowired
    ExecutionHistory history;

    TapisSimulator simulator;

    @BeforeEach
    void startSimulator() {
        startSimulator(Samples.state());
    }

    private void startSimulator(SimulatorState state) {
        simulator = TapisSimulator.start(state);
        tapis.beforeCheck = () -> { };
        tapis.beforeCheckOf = (systemId, username) -> { };
        tapis.listing = false;
        commits.reset();
        tapis.target = simulatorClient(simulator.baseUrl(),
                new TapisCredentials.Login(Samples.ADMIN, new Secret(Samples.adminPassword())));
    }

    /** A client of the simulator at {@code baseUrl}, as {@code run} builds one. */
    static TapisClient simulatorClient(String baseUrl, TapisCredentials credentials) {
        return new TapisClient(baseUrl, credentials, TEST_TIMEOUTS);
    }

    /**
     * Runs {@code action} just before the job sends its {@code nth} check. Rows start 16 at a time, each with a check,
     * so from the 17th on a check comes after one that needed the first login.
     */
    void atCheck(int nth, Runnable action) {
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == nth) {
                action.run();
            }
        };
    }

    /** A fresh Tapis in the sample state, at a new URL (so the same file is a new job instance there). */
    void restartSimulator() {
        restartSimulator(Samples.state());
    }

    /** A fresh Tapis in the given state, at a new URL. */
    void restartSimulator(SimulatorState state) {
        simulator.close();
        startSimulator(state);
    }

    @AfterEach
    void cleanUp() {
        simulator.close();
        // children before parents, as the foreign keys want
        for (String table : List.of("PROVISIONING_OUTCOME", "PROVISIONING_ATTEMPT", "PROVISIONING_HEARTBEAT",
                "PROVISIONING_CREDENTIAL", "PROVISIONING_SYNC", "PROVISIONING_DEPARTED",
                "BATCH_STEP_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT",
                "BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION", "BATCH_JOB_INSTANCE")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    /**
     * What a launch left.
     *
     * @param failures why it failed, as the run's summary says it
     */
    record Launched(BatchStatus status, long instanceId, long executionId, List<String> failures) {
    }

    Launched launchJob(Path input, Action action) throws Exception {
        return launchJob(RunRequests.realRun(input, action, simulator.baseUrl()));
    }

    Launched launchJob(RunRequest request) throws Exception {
        JobExecution execution = launcher.launch(request);
        return new Launched(execution.getStatus(), execution.getJobInstanceId(), execution.getId(),
                history.overview(execution).failures());
    }

    Map<Long, RowOutcome> outcomesOf(Launched execution) {
        Map<Long, RowOutcome> rows = new TreeMap<>();
        outcomes.forEachOutcome(execution.instanceId(), execution.executionId(),
                recorded -> rows.put(recorded.row().lineNumber(), recorded.row()));
        return rows;
    }

    static Map<Long, Outcome> kinds(Map<Long, RowOutcome> rows) {
        Map<Long, Outcome> kinds = new TreeMap<>();
        rows.forEach((line, row) -> kinds.put(line, row.outcome()));
        return kinds;
    }

    /** {@code run} completed its job instance as one uninterrupted run of the sample would: the same outcomes, each key pair minted once. */
    void assertEndedAsOneUninterruptedRun(Launched run) {
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }

    int outcomeRows(long jobInstanceId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = ?",
                Integer.class, jobInstanceId);
    }
}
