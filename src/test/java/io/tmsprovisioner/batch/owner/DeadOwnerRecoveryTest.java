package io.tmsprovisioner.batch.owner;

import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.batch.owner.ProcessOwner.Stamp;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link DeadOwnerRecovery}'s decisions, on an in-memory H2 job repository with Spring Batch's tables and the
 * project's: whom it takes for dead, what it marks FAILED, and that the lease goes with the recovery or not at
 * all. The owner's host is asked through a {@link ProcessTable} over a {@code /proc} this test writes.
 */
class DeadOwnerRecoveryTest {
    /** A process on another host, as the launcher stored owners before it recorded their process space. */
    private static final String ANOTHER_HOST = "4242 gone-pod-7f9c 2026-11-01T02:00:00Z";
    private static final String ANOTHER_HOSTS_PROCESS = "process 4242 on gone-pod-7f9c (started 2026-11-01T02:00:00Z)";
    private static final long OWNER_PID = 4242;
    private static final long OWNER_TICKS = 987_654;
    /** The test's heartbeat interval: owners that stored no limit of their own are stale after 2 minutes. */
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final LocalDateTime STEP_ENDED = LocalDateTime.of(2026, 11, 1, 2, 30);

    @TempDir
    Path proc;

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
    private final JobRepository repository;
    private final Heartbeat heartbeat = new Heartbeat(jdbc, INTERVAL);

    DeadOwnerRecoveryTest() throws Exception {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql"),
                new ClassPathResource("tms-schema.sql")).execute(dataSource);
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(transactionManager);
        factory.afterPropertiesSet();
        repository = factory.getObject();
    }

    @AfterEach
    void closeDatabase() {
        heartbeat.close();
        jdbc.execute("SHUTDOWN");
    }

    private DeadOwnerRecovery recovery() throws IOException {
        return recovery(repository, heartbeat);
    }

    private DeadOwnerRecovery recovery(JobRepository jobRepository, Heartbeat leases) throws IOException {
        return new DeadOwnerRecovery(jobRepository, leases, processTable(), transactionManager);
    }

    // -- the process table and owners

    /** The /proc this test writes: this process, and whatever {@link #ownerRunsWithTicks} adds. */
    private ProcessTable processTable() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/stat"), statLine(77, 100));
        return new ProcessTable(proc);
    }

    private void ownerRunsWithTicks(long startTicks) throws IOException {
        Files.createDirectories(proc.resolve(Long.toString(OWNER_PID)));
        Files.writeString(proc.resolve(OWNER_PID + "/stat"), statLine(OWNER_PID, startTicks));
    }

    private static String statLine(long pid, long startTicks) {
        return pid + " (java) S 1 " + pid + " " + pid + " 0 -1 4194560 1 0 0 0 3 2 0 0 20 0 1 0 " + startTicks + " 1 2 3\n";
    }

    /** An owner this host can check: its name, process space and user. */
    private String ownerHere() throws IOException {
        return ownerHere(processTable().ownUid());
    }

    private String ownerHere(long uid) {
        return new ProcessOwner(ProcessOwner.localHost(), OWNER_PID, Instant.parse("2026-11-01T02:00:00Z"),
                ProcessSpace.current(), new Stamp(OWNER_TICKS, uid)).toString();
    }

    // -- executions, steps and leases

    /** An execution of a new job instance, left with {@code status} by {@code owner} (null: none recorded). */
    private JobExecution executionLeftBy(String owner, BatchStatus status) {
        JobParametersBuilder parameters = new JobParametersBuilder().addString("run", UUID.randomUUID().toString());
        if (owner != null) {
            parameters.addString(JobParameterNames.OWNER, owner, false);
        }
        JobParameters built = parameters.toJobParameters();
        JobInstance instance = repository.createJobInstance(JobParameterNames.JOB_NAME, built);
        JobExecution execution = repository.createJobExecution(instance, built, new ExecutionContext());
        execution.setStatus(status);
        execution.setStartTime(LocalDateTime.now());
        repository.update(execution);
        return execution;
    }

    private void stepLeft(JobExecution execution, String name, BatchStatus status) {
        StepExecution step = repository.createStepExecution(name, execution);
        step.setStatus(status);
        step.setStartTime(STEP_ENDED.minusMinutes(10));
        if (!status.isRunning() && status != BatchStatus.UNKNOWN) {
            step.setEndTime(STEP_ENDED);
        }
        repository.update(step);
    }

    /** The execution as a run finds it: read afresh, with its steps. */
    private JobExecution asFound(JobExecution execution) {
        return repository.getLastJobExecution(repository.getJobInstance(execution.getJobInstanceId()));
    }

    private Map<String, BatchStatus> stepStatuses(JobExecution execution) {
        Map<String, BatchStatus> statuses = new LinkedHashMap<>();
        asFound(execution).getStepExecutions().forEach(step -> statuses.put(step.getStepName(), step.getStatus()));
        return statuses;
    }

    /** Still STARTED with its one step, and its lease untouched since {@code before}. */
    private void assertLeftAlone(JobExecution execution, Heartbeat.Liveness before) {
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.STARTED));
        assertThat(leaseNow(execution).lastBeat()).isEqualTo(before.lastBeat());
    }

    private BatchStatus statusOf(JobExecution execution) {
        return repository.getJobExecution(execution.getId()).getStatus();
    }

    private void leaseOf(JobExecution execution, Duration silentFor) {
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT) VALUES (?, ?)",
                execution.getId(), OffsetDateTime.now().minus(silentFor));
    }

    private void leaseOf(JobExecution execution, Duration silentFor, Duration ownersStaleAfter) {
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT, STALE_AFTER_MS) VALUES (?, ?, ?)",
                execution.getId(), OffsetDateTime.now().minus(silentFor), ownersStaleAfter.toMillis());
    }

    private Heartbeat.Liveness leaseNow(JobExecution execution) {
        return heartbeat.livenessOf(execution.getId());
    }

    /** {@code target}, failing every update of a job execution after it went through (its transaction did not). */
    private static JobRepository failingAfterTheExecutionsUpdate(JobRepository target) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[]{JobRepository.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("update") && args[0] instanceof JobExecution) {
                        throw new IllegalStateException("the repository went away after updating the execution");
                    }
                    return result;
                });
    }

    // -- an owner proven gone

    @ParameterizedTest
    @EnumSource(value = BatchStatus.class, names = {"STARTING", "STARTED", "STOPPING"})
    void anExecutionWhoseOwnerIsProvenGoneIsMarkedFailedWithItsUnfinishedStepsAndLosesItsLease(BatchStatus left)
            throws Exception {
        // given: an owner of this host, space and user whose pid is free, with a lease only seconds old
        JobExecution execution = executionLeftBy(ownerHere(), left);
        stepLeft(execution, "started", BatchStatus.STARTED);
        stepLeft(execution, "stopping", BatchStatus.STOPPING);
        stepLeft(execution, "unknown", BatchStatus.UNKNOWN);
        stepLeft(execution, "completed", BatchStatus.COMPLETED);
        leaseOf(execution, Duration.ofSeconds(5));

        // when
        recovery().recover(asFound(execution));

        // then: recovered at once, without waiting for the lease to go stale
        JobExecution recovered = asFound(execution);
        assertThat(recovered.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(recovered.getEndTime()).isNotNull();
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.FAILED),
                Map.entry("stopping", BatchStatus.FAILED), Map.entry("unknown", BatchStatus.FAILED),
                Map.entry("completed", BatchStatus.COMPLETED));
        assertThat(recovered.getStepExecutions()).allSatisfy(step -> assertThat(step.getEndTime()).isNotNull())
                .filteredOn(step -> step.getStepName().equals("completed"))
                .singleElement().satisfies(step -> assertThat(step.getEndTime()).isEqualTo(STEP_ENDED));
        assertThat(leaseNow(execution).silence()).as("its lease is removed").isEmpty();
    }

    @Test
    void aRecoveryOfAGoneOwnersExecutionWhoseTransactionFailsChangesNothingAndKeepsTheLease() throws Exception {
        // given: a dead owner's execution with unfinished steps, and a repository that fails once the steps and the
        // execution are marked FAILED (the updates went through, their transaction did not)
        JobExecution execution = executionLeftBy(ownerHere(), BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        stepLeft(execution, "unknown", BatchStatus.UNKNOWN);
        leaseOf(execution, Duration.ofSeconds(5));
        Heartbeat.Liveness before = leaseNow(execution);

        // when
        Throwable thrown = catchThrowable(() -> recovery(failingAfterTheExecutionsUpdate(repository), heartbeat)
                .recover(asFound(execution)));

        // then: the lease, the steps and the execution are as they were, for the next run to recover
        assertThat(thrown).hasMessage("the repository went away after updating the execution");
        assertThat(leaseNow(execution).lastBeat()).isEqualTo(before.lastBeat());
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.STARTED),
                Map.entry("unknown", BatchStatus.UNKNOWN));
        recovery().recover(asFound(execution));
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void anExecutionRecoveredByAnotherRunAtTheSameMomentIsNoError() throws Exception {
        // given: two runs found the same dead owner's execution; the other one recovered it first
        JobExecution execution = executionLeftBy(ownerHere(), BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        JobExecution seenByUs = asFound(execution);
        recovery().recover(asFound(execution));

        // when
        recovery().recover(seenByUs);

        // then
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.FAILED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.FAILED));
    }

    // -- an owner that lives, or may

    @Test
    void aRunningOwnerIsNeverTakenOverEvenWithAStaleLease() throws Exception {
        // given: the owner's pid names the process that started then; its lease is long stale (a paused database
        // connection, a clock jump)
        ownerRunsWithTicks(OWNER_TICKS);
        JobExecution execution = executionLeftBy(ownerHere(), BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        leaseOf(execution, Duration.ofMinutes(10));
        Heartbeat.Liveness before = leaseNow(execution);

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageStartingWith("Execution " + execution.getId() + " of this job is still running in process "
                        + OWNER_PID + " on " + ProcessOwner.localHost())
                .hasMessageContaining("nothing was started");
        assertLeftAlone(execution, before);
    }

    @Test
    void anOwnerOnAnotherHostWithAFreshLeaseIsLeftAlone() throws Exception {
        // given
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        leaseOf(execution, Duration.ofSeconds(20));
        Heartbeat.Liveness before = leaseNow(execution);

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessage("Execution " + execution.getId() + " of this job is marked STARTED by "
                        + ANOTHER_HOSTS_PROCESS + ", which this host cannot check, and whose heartbeat was 20 s ago; "
                        + "nothing was started. If that process is running, wait for it; if it died, run the same "
                        + "command again once its heartbeat is 120 s old, or run it on gone-pod-7f9c.");
        assertLeftAlone(execution, before);
    }

    @Test
    void anOwnerOnAnotherHostThatLeftNoLeaseIsLeftAlone() throws IOException {
        // given: its lease row is not written yet, or was never written by an earlier version
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.STARTED);

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("which this host cannot check, and which left no heartbeat; nothing was started");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
    }

    @Test
    void anOwnerOfAnotherUserWhosePidIsNotVisibleHereIsLeftAloneWhileItsLeaseIsFresh() throws Exception {
        // given: this host, space and pid namespace, but another user: hidepid hides its process as if it had ended
        JobExecution execution = executionLeftBy(ownerHere(processTable().ownUid() + 1), BatchStatus.STARTED);
        leaseOf(execution, Duration.ofSeconds(20));

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("which this process cannot check (it has this host's name, but another boot, "
                        + "pid namespace or user, or an earlier version recorded it), and whose heartbeat was 20 s ago")
                .hasMessageNotContaining("or run it on");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(leaseNow(execution).silence()).isPresent();
    }

    @Test
    void anOwnerIsJudgedByTheSilenceLimitItStoredNotByTheRecoveringRuns() throws IOException {
        // given: an owner that beats every minute (stale after 4), silent for 3 minutes: past this run's 2
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.STARTED);
        leaseOf(execution, Duration.ofMinutes(3), Duration.ofMinutes(4));

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("once its heartbeat is 240 s old");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(leaseNow(execution).silence()).isPresent();
    }

    @Test
    void anOwnerThatCannotBeCheckedIsTakenOverOnceItsLeaseIsStale() throws IOException {
        // given: a pod that died mid-run, silent for 10 minutes
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        leaseOf(execution, Duration.ofMinutes(10));

        // when
        recovery().recover(asFound(execution));

        // then
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.FAILED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.FAILED));
        assertThat(leaseNow(execution).silence()).as("its lease is taken: deleted").isEmpty();
    }

    @Test
    void aTakeOverLosesToASignOfLifeGivenAfterTheLeaseWasSeenStale() throws IOException {
        // given: an owner silent for 10 minutes that beats again right after this run read its lease (it was paused)
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.STARTED);
        stepLeft(execution, "started", BatchStatus.STARTED);
        leaseOf(execution, Duration.ofMinutes(10));
        Heartbeat wakingOwner = new Heartbeat(jdbc, INTERVAL) {
            @Override
            public Liveness livenessOf(long executionId) {
                Liveness seen = super.livenessOf(executionId);
                jdbc.update("UPDATE PROVISIONING_HEARTBEAT SET BEAT_AT = CURRENT_TIMESTAMP WHERE JOB_EXECUTION_ID = ?",
                        executionId);
                return seen;
            }
        };

        // when / then
        assertThatThrownBy(() -> recovery(repository, wakingOwner).recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageStartingWith("Execution " + execution.getId() + " of this job gave a sign of life just now, "
                        + "after 600 s of silence: its owner, " + ANOTHER_HOSTS_PROCESS + ", is running again");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("started", BatchStatus.STARTED));
        assertThat(leaseNow(execution).silence()).as("the owner keeps its lease").hasValueSatisfying(
                silence -> assertThat(silence).isLessThan(Duration.ofMinutes(1)));
    }

    @Test
    void anExecutionWithoutARecordedOwnerIsRefused() throws IOException {
        // given: an execution launched some other way
        JobExecution execution = executionLeftBy(null, BatchStatus.STARTED);
        leaseOf(execution, Duration.ofMinutes(10));

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessage("Execution " + execution.getId() + " of this job is marked STARTED and its owner is "
                        + "unknown; nothing was started");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.STARTED);
        assertThat(leaseNow(execution).silence()).isPresent();
    }

    // -- an execution left UNKNOWN by a commit that failed half-way

    @Test
    void anExecutionLeftUnknownWhoseOwnerLetGoOfItsLeaseIsMadeResumableAtOnce() throws IOException {
        // given: its owner (on a host this one cannot check) ended the job and deleted its lease
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.UNKNOWN);
        stepLeft(execution, "unknown", BatchStatus.UNKNOWN);
        stepLeft(execution, "completed", BatchStatus.COMPLETED);

        // when
        recovery().recover(asFound(execution));

        // then: nothing UNKNOWN is left, which Spring Batch would refuse to restart
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.FAILED);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("unknown", BatchStatus.FAILED),
                Map.entry("completed", BatchStatus.COMPLETED));
    }

    @Test
    void anExecutionLeftUnknownWhoseOwnerStillHoldsAFreshLeaseIsLeftAlone() throws IOException {
        // given
        JobExecution execution = executionLeftBy(ANOTHER_HOST, BatchStatus.UNKNOWN);
        stepLeft(execution, "unknown", BatchStatus.UNKNOWN);
        leaseOf(execution, Duration.ofSeconds(20));

        // when / then
        assertThatThrownBy(() -> recovery().recover(asFound(execution)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("is marked UNKNOWN by " + ANOTHER_HOSTS_PROCESS)
                .hasMessageContaining("whose heartbeat was 20 s ago");
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.UNKNOWN);
        assertThat(stepStatuses(execution)).containsOnly(Map.entry("unknown", BatchStatus.UNKNOWN));
    }

    @Test
    void anExecutionLeftUnknownByAProvenlyGoneOwnerIsRecoveredDespiteItsLease() throws IOException {
        // given: the owner died before it let go of its lease
        JobExecution execution = executionLeftBy(ownerHere(), BatchStatus.UNKNOWN);
        leaseOf(execution, Duration.ofSeconds(5));

        // when
        recovery().recover(asFound(execution));

        // then
        assertThat(statusOf(execution)).isEqualTo(BatchStatus.FAILED);
        assertThat(leaseNow(execution).silence()).isEmpty();
    }
}
