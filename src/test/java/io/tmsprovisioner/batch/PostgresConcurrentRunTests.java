package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.ProvisioningLauncher;
import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.PostgresServer;
import io.tmsprovisioner.ProvisioningApplication;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisCredentials;
import io.tmsprovisioner.tapis.TapisSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runs of the same job at the same moment on one PostgreSQL repository, as two cron hosts would start
 * them: each through its own application context (connection pool, job repository, job operator,
 * launcher). One runs, the other is refused, and no line is processed twice.
 */
class PostgresConcurrentRunTests {
    private static PostgresServer postgres;
    private static String url;
    /** The two "hosts". */
    private static Host first;
    private static Host second;

    private TapisSimulator simulator;

    /** One application on the shared repository, with its own Tapis client. */
    private record Host(ConfigurableApplicationContext context, SwitchableTapis tapis) {
        ProvisioningLauncher launcher(JobRepository repository) {
            return new ProvisioningLauncher(context.getBean(JobOperator.class), repository,
                    context.getBean(Job.class), context.getBean(DataSource.class), context.getBean(Heartbeat.class),
                    context.getBean(PlatformTransactionManager.class));
        }

        JobRepository repository() {
            return context.getBean(JobRepository.class);
        }
    }

    @BeforeAll
    static void startPostgresAndTwoHosts() {
        postgres = PostgresServer.start();
        url = postgres.createDatabase();
        first = startHost();
        second = startHost();
    }

    private static Host startHost() {
        SwitchableTapis tapis = new SwitchableTapis();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProvisioningApplication.class,
                ProvisioningJobConfiguration.class)
                .initializers(created -> ((GenericApplicationContext) created)
                        .registerBean(TapisSystems.class, () -> tapis))
                .logStartupInfo(false)
                // in-process arguments, not a process command line
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=" + postgres.user(),
                        "--spring.datasource.password=" + postgres.password(), "--tms.chunk-size=4",
                        "--tms.concurrency=4", "--tms.retry.base-delay=5ms", "--tms.retry.max-delay=20ms",
                        "--tms.retry.patience=0");
        return new Host(context, tapis);
    }

    @AfterAll
    static void stopAll() {
        first.context().close();
        second.context().close();
        postgres.close();
    }

    @BeforeEach
    void startSimulator() {
        simulator = Samples.startSimulator();
        // slow enough that a run is still going when the other one starts
        simulator.setLatency(Duration.ofMillis(15));
        for (Host host : List.of(first, second)) {
            host.tapis().beforeCheck = () -> { };
            host.tapis().target = JobTestSupport.simulatorClient(simulator.baseUrl(),
                    new TapisCredentials.Login(Samples.ADMIN, new Secret(Samples.adminPassword())));
        }
    }

    @AfterEach
    void cleanUp() {
        simulator.close();
        JdbcTemplate jdbc = postgres.superuserOn(url);
        jdbc.execute("TRUNCATE PROVISIONING_OUTCOME, PROVISIONING_ATTEMPT, PROVISIONING_HEARTBEAT, PROVISIONING_CREDENTIAL, PROVISIONING_SYNC, PROVISIONING_DEPARTED, BATCH_STEP_EXECUTION_CONTEXT, "
                + "BATCH_STEP_EXECUTION, BATCH_JOB_EXECUTION_CONTEXT, BATCH_JOB_EXECUTION_PARAMS, BATCH_JOB_EXECUTION, "
                + "BATCH_JOB_INSTANCE");
    }

    private RunRequest request() {
        return RunRequests.realRun(Samples.ONBOARDING, Action.ESTABLISH, simulator.baseUrl());
    }

    /** What one racing launch ended with: its execution, or what it threw. */
    private record Result(JobExecution execution, Throwable failure) {
    }

    /** Both launches leave their gate together, then each runs to its end. */
    private List<Result> race(ProvisioningLauncher a, ProvisioningLauncher b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Result>> launches = new ArrayList<>();
            for (ProvisioningLauncher launcher : List.of(a, b)) {
                launches.add(threads.submit(() -> {
                    go.await();
                    try {
                        return new Result(launcher.launch(request()), null);
                    } catch (Exception | Error failure) {
                        return new Result(null, failure);
                    }
                }));
            }
            go.countDown();
            List<Result> results = new ArrayList<>();
            for (Future<Result> launch : launches) {
                results.add(launch.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * A job repository that, the first time either launch has made the given lookup, waits until the other launch
     * is waiting for the launch lock: both have then asked to decide at the same moment, the race the launcher must
     * survive (without the pause the second usually just finds the first one's execution running). Only one can be
     * deciding at a time, so only the first pauses.
     */
    private static JobRepository pausingAfter(JobRepository target, String method, AtomicBoolean onePaused) {
        return ObservedJobRepository.of(target, (called, result) -> {
            boolean checkDone = called.equals(method) && (!method.equals("getJobInstance") || result == null);
            if (checkDone && onePaused.compareAndSet(false, true)) {
                awaitALaunchWaitingForALock();
            }
        });
    }

    /** Asks PostgreSQL until a session waits for a row lock: the other launch, at the launch lock. */
    private static void awaitALaunchWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (postgres.superuserOn(url).queryForObject("SELECT COUNT(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock'", Integer.class) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the other launch never waited for the launch lock");
            }
            Thread.onSpinWait();
        }
    }

    private Map<Long, Outcome> outcomes() {
        Map<Long, Outcome> outcomes = new TreeMap<>();
        postgres.superuserOn(url).query("SELECT LINE_NUMBER, OUTCOME FROM PROVISIONING_OUTCOME", rs -> {
            assertThat(outcomes.put(rs.getLong(1), Outcome.valueOf(rs.getString(2))))
                    .as("one outcome per line").isNull();
        });
        return outcomes;
    }

    private List<String> executionStatuses() {
        return postgres.superuserOn(url).queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID",
                String.class);
    }

    private static String refusalMessage(List<Result> results) {
        return results.stream().filter(result -> result.failure() != null).findFirst().orElseThrow()
                .failure().getMessage();
    }

    private void assertOneRanAndTheOtherWasRefused(List<Result> results) {
        List<Result> ran = results.stream().filter(result -> result.execution() != null).toList();
        List<Result> refused = results.stream().filter(result -> result.failure() != null).toList();
        assertThat(ran).as("%s", results).hasSize(1);
        assertThat(ran.get(0).execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).failure()).as("%s", refused.get(0).failure())
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("nothing was started");
    }

    private void assertEveryLineRecordedOnceAndNoKeysMintedTwice() {
        assertThat(outcomes()).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL) - simulator.calls(Endpoint.CREATE_CREDENTIAL, 503))
                .as("creates that reached Tapis (those answered 503 by the outage took no effect): none twice")
                .isEqualTo(13);
        assertThat(simulator.keysMinted("stampede3", "pchen")).isEqualTo(1);
    }

    @Test
    void twoFirstRunsAtTheSameMomentStartOneInstanceOnce() throws Exception {
        AtomicBoolean onePaused = new AtomicBoolean();

        List<Result> results = race(
                first.launcher(pausingAfter(first.repository(), "getJobInstance", onePaused)),
                second.launcher(pausingAfter(second.repository(), "getJobInstance", onePaused)));

        assertOneRanAndTheOtherWasRefused(results);
        assertThat(refusalMessage(results)).contains("started at the same moment");
        assertEveryLineRecordedOnceAndNoKeysMintedTwice();
        assertThat(executionStatuses()).containsExactly("COMPLETED");
    }

    @Test
    void twoResumesAtTheSameMomentResumeTheFailedRunOnce() throws Exception {
        // given: a run that failed part-way (Tapis went down at the 20th check, after the first login)
        AtomicInteger checks = new AtomicInteger();
        first.tapis().beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                simulator.setOutage(true);
            }
        };
        JobExecution failed = first.launcher(first.repository()).launch(request());
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        int recorded = outcomes().size();
        assertThat(recorded).isPositive().isLessThan(Samples.ONBOARDING_OUTCOMES.size());
        first.tapis().beforeCheck = () -> { };
        simulator.setOutage(false);

        // when: both hosts run the same command again at once, both having seen the failed execution
        AtomicBoolean onePaused = new AtomicBoolean();
        List<Result> results = race(
                first.launcher(pausingAfter(first.repository(), "getLastJobExecution", onePaused)),
                second.launcher(pausingAfter(second.repository(), "getLastJobExecution", onePaused)));

        // then
        assertOneRanAndTheOtherWasRefused(results);
        assertThat(refusalMessage(results))
                .contains("resumed it at the same moment", "process " + ProcessHandle.current().pid());
        assertThat(results).filteredOn(result -> result.execution() != null).first()
                .extracting(result -> result.execution().getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
        assertEveryLineRecordedOnceAndNoKeysMintedTwice();
        assertThat(executionStatuses()).containsExactly("FAILED", "COMPLETED");
    }

    @Test
    void twoRunsReleasedTogetherWithoutAPauseAlsoEndWithOneRun() throws Exception {
        List<Result> results = race(first.launcher(first.repository()), second.launcher(second.repository()));

        assertOneRanAndTheOtherWasRefused(results);
        assertEveryLineRecordedOnceAndNoKeysMintedTwice();
        assertThat(executionStatuses()).containsExactly("COMPLETED");
    }
}
