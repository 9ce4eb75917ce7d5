package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.LaunchLock;
import io.tmsprovisioner.batch.launch.ProvisioningLauncher;
import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.DeadOwnerRecovery;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.ProcessOwner;
import io.tmsprovisioner.batch.owner.ProcessOwnerTest;
import io.tmsprovisioner.batch.owner.ProcessSpace;
import io.tmsprovisioner.batch.owner.ProcessTable;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import org.springframework.transaction.PlatformTransactionManager;

import io.tmsprovisioner.report.Summaries;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a run decides between resuming and starting afresh, refuses to run beside another, recovers an
 * execution whose owner died, loses an execution another run took over, and refuses an edited file beside
 * its unfinished run.
 */
class ProvisioningLauncherTests extends JobTestSupport {
    /** A process on another host, as the launcher stores it. */
    private static final String ANOTHER_HOST = "4242 gone-pod-7f9c 2026-11-01T02:00:00Z";

    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job job;
    @Autowired
    DataSource dataSource;
    @Autowired
    Heartbeat heartbeat;
    @Autowired
    PlatformTransactionManager transactionManager;

    /** As the launcher recovers, with the given job repository. */
    private DeadOwnerRecovery deadOwners(JobRepository repository) {
        return new DeadOwnerRecovery(repository, heartbeat, ProcessTable.SYSTEM, transactionManager);
    }

    /** A run of the sample onboarding file against this test's simulator. */
    private RunRequest onboarding() {
        return RunRequests.realRun(Samples.ONBOARDING, Action.ESTABLISH, simulator.baseUrl());
    }

    @Test
    void aRunWhoseExecutionAnotherRunTookOverSendsNoMoreChangesAndStops() throws Exception {
        // given: at the 20th check another run takes the execution over, as it would after finding this run's
        // heartbeat stale (this process was paused, or cut off from the repository)
        AtomicInteger checks = new AtomicInteger();
        AtomicInteger changesBefore = new AtomicInteger();
        AtomicInteger recordedBefore = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                long execution = jdbc.queryForObject("SELECT MAX(JOB_EXECUTION_ID) FROM PROVISIONING_HEARTBEAT",
                        Long.class);
                // the run renews its lease with every commit: retry until no renewal slips in between
                while (!heartbeat.takeOver(execution, heartbeat.livenessOf(execution))) {
                    Thread.onSpinWait();
                }
                recordedBefore.set(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME", Integer.class));
                changesBefore.set(simulator.calls(Endpoint.CREATE_CREDENTIAL) + simulator.calls(Endpoint.REMOVE_CREDENTIAL));
            }
        };

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: it stopped, saying why; nothing it committed or sent came after the takeover but the changes
        // already past their last confirmation (one per thread at most)
        assertThat(run.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(run.failures()).singleElement().asString().startsWith("Another run took execution "
                + run.executionId() + " over");
        assertThat(outcomeRows(run.instanceId())).as("nothing committed after the takeover").isEqualTo(recordedBefore.get());
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL) + simulator.calls(Endpoint.REMOVE_CREDENTIAL)
                - changesBefore.get()).as("changes sent after the takeover").isLessThanOrEqualTo(16);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class))
                .as("its lease was not taken back").isZero();
    }

    @Test
    void aFileEditedAfterAFailedRunIsRefusedUntilTheUnfinishedRunIsAbandoned(@TempDir Path dir) throws Exception {
        // given: a run that failed part-way (Tapis went down at the 20th check)
        Path file = Files.copy(Samples.ONBOARDING, dir.resolve("cohort.csv"));
        atCheck(20, () -> simulator.setOutage(true));
        Launched failed = launchJob(file, Action.ESTABLISH);
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        simulator.setOutage(false);
        tapis.beforeCheck = () -> { };

        // when: the file is edited, and run again
        Files.writeString(file, "newcomer,stampede3\n", java.nio.file.StandardOpenOption.APPEND);
        int instances = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class);
        RunRequest edited = RunRequests.realRun(file, Action.ESTABLISH, simulator.baseUrl());

        // then: refused, naming the unfinished run, and nothing started
        assertThatThrownBy(() -> launcher.launch(edited)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("An unfinished run of " + file + " with other content exists: job instance "
                        + failed.instanceId())
                .hasMessageContaining("--abandon-unfinished");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class)).isEqualTo(instances);

        // when: the administrator chooses to abandon it
        Launched fresh = launchJob(new RunRequest(file, Samples.sha256(file), Action.ESTABLISH, simulator.baseUrl(),
                false, 0, true, true));

        // then
        assertThat(jobRepository.getJobExecution(failed.executionId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);
        assertThat(fresh.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fresh.instanceId()).isNotEqualTo(failed.instanceId());
        assertThat(outcomeRows(fresh.instanceId())).isEqualTo(Samples.ONBOARDING_OUTCOMES.size() + 1);
    }

    /** Tonight's roster: the sample's establish rows (lines 2 to 21), which only create or find credentials. */
    private static Path establishOnlyRoster(Path dir) throws Exception {
        return Files.write(dir.resolve("roster.csv"), Files.readAllLines(Samples.ONBOARDING).subList(1, 21));
    }

    /** A run of {@code file} that Tapis's outage failed part-way (at the 10th check); Tapis is back after it. */
    private Launched failedByOutage(Path file) throws Exception {
        atCheck(10, () -> simulator.setOutage(true));
        Launched failed = launchJob(file, Action.ESTABLISH);
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        simulator.setOutage(false);
        tapis.beforeCheck = () -> { };
        return failed;
    }

    private static void append(Path file, String rows) throws Exception {
        Files.writeString(file, rows, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void anEstablishOnlyRosterChangedAfterAnOutageSupersedesItsUnfinishedRun(@TempDir Path dir) throws Exception {
        // given: last night's roster, failed by an outage; tonight's has one user more
        Path roster = establishOnlyRoster(dir);
        Launched failed = failedByOutage(roster);
        append(roster, "newcomer,stampede3\n");

        // when: the same command runs
        Launched tonight = launchJob(roster, Action.ESTABLISH);

        // then: tonight's content ran in full, in place of the old run, and its summary says so
        assertThat(tonight.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(tonight.instanceId()).isNotEqualTo(failed.instanceId());
        assertThat(outcomeRows(tonight.instanceId())).isEqualTo(17 + 1);
        assertThat(jobRepository.getJobExecution(failed.executionId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);
        StringWriter summary = new StringWriter();
        Summaries.runSummary(history.overview(jobRepository.getJobExecution(tonight.executionId())), Map.of(),
                "report", new PrintWriter(summary));
        assertThat(summary.toString()).contains("superseded the unfinished run of the file's earlier content: "
                + "execution " + failed.executionId() + ", now ABANDONED");
    }

    @Test
    void aChangedRosterThatResetsACredentialKeepsTheRefusal(@TempDir Path dir) throws Exception {
        // given: an establish-only roster failed by an outage, then edited to reset a key
        Path roster = establishOnlyRoster(dir);
        Launched failed = failedByOutage(roster);
        append(roster, "pchen,stampede3,reset\n");
        int instances = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class);

        // when / then: refused, the old run left as it was
        assertThatThrownBy(() -> launcher.launch(RunRequests.realRun(roster, Action.ESTABLISH, simulator.baseUrl())))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("An unfinished run of " + roster + " with other content exists: job instance "
                        + failed.instanceId())
                .hasMessageContaining("the new content removes or resets credentials")
                .hasMessageContaining("Nothing was started");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class)).isEqualTo(instances);
        assertThat(jobRepository.getJobExecution(failed.executionId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void anUnfinishedRunRecordedWithoutSayingWhetherItRemovesIsTakenForOneThatDoes(@TempDir Path dir)
            throws Exception {
        // given: an establish-only roster's failed run as an earlier version recorded it, then one user more
        Path roster = establishOnlyRoster(dir);
        Launched failed = failedByOutage(roster);
        jdbc.update("DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ? AND PARAMETER_NAME = ?",
                failed.executionId(), JobParameterNames.INPUT_DESTRUCTIVE);
        append(roster, "newcomer,stampede3\n");

        // when / then
        assertThatThrownBy(() -> launcher.launch(RunRequests.realRun(roster, Action.ESTABLISH, simulator.baseUrl())))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("the old run's content may remove or reset credentials");
        assertThat(jobRepository.getJobExecution(failed.executionId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void anEarlierRosterLeftStartedIsSupersededOnlyOnceItsOwnerIsKnownDead(@TempDir Path dir) throws Exception {
        // given: last night's roster marked STARTED by this live process; tonight's has one user more
        Path roster = establishOnlyRoster(dir);
        RunRequest lastNight = RunRequests.realRun(roster, Action.ESTABLISH, simulator.baseUrl());
        long running = startedBy(ProcessOwner.current().toString(), lastNight);
        append(roster, "newcomer,stampede3\n");
        RunRequest tonight = RunRequests.realRun(roster, Action.ESTABLISH, simulator.baseUrl());

        // when / then: a live run is never superseded
        assertThatThrownBy(() -> launcher.launch(tonight)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("still running in process " + ProcessHandle.current().pid());
        assertThat(jobRepository.getJobExecution(running).getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(simulator.totalCalls()).isZero();

        // and one whose owner died (another host, silent for 10 minutes) is
        jdbc.update("UPDATE BATCH_JOB_EXECUTION_PARAMS SET PARAMETER_VALUE = ? WHERE JOB_EXECUTION_ID = ? "
                + "AND PARAMETER_NAME = ?", ANOTHER_HOST, running, JobParameterNames.OWNER);
        heartbeatOf(running, Duration.ofMinutes(10));
        Launched superseding = launchJob(tonight);
        assertThat(superseding.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jobRepository.getJobExecution(running).getStatus()).isEqualTo(BatchStatus.ABANDONED);
    }

    @Test
    void aSecondRunRefusesWhileTheOwnerOfTheRunningExecutionLives() throws Exception {
        // given: an execution of this job instance marked STARTED by this very (live) process
        RunRequest request = onboarding();
        JobExecution running = jobRepository.getJobExecution(startedBy(ProcessOwner.current().toString(), request));

        // when / then
        assertThatThrownBy(() -> launcher.launch(request))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("still running in process " + ProcessHandle.current().pid())
                .hasMessageContaining("nothing was started");
        assertThat(simulator.totalCalls()).isZero();
        assertThat(jobRepository.getJobExecution(running.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
    }

    /** An execution of the run's first instance marked STARTED by the given owner; its id. */
    private long startedBy(String owner, RunRequest request) throws Exception {
        JobParameters parameters = new JobParametersBuilder(request.parameters(1))
                .addString(JobParameterNames.OWNER, owner, false)
                .toJobParameters();
        JobInstance instance = jobRepository.createJobInstance(JobParameterNames.JOB_NAME, parameters);
        JobExecution running = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        running.setStatus(BatchStatus.STARTED);
        running.setStartTime(LocalDateTime.now());
        jobRepository.update(running);
        return running.getId();
    }

    private void heartbeatOf(long executionId, Duration ago) {
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT) VALUES (?, ?)",
                executionId, OffsetDateTime.now().minus(ago));
    }

    @Test
    void aRunLeftStartedOnAnotherHostWhoseHeartbeatStoppedIsRecoveredAndResumed() throws Exception {
        // given: a pod that died mid-run (its execution still says STARTED), silent for 10 minutes
        RunRequest request = onboarding();
        JobExecution dead = jobRepository.getJobExecution(startedBy(ANOTHER_HOST, request));
        heartbeatOf(dead.getId(), Duration.ofMinutes(10));

        // when: another pod runs the same command
        Launched resumed = launchJob(request);

        // then: it resumed that instance and did all the work
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(dead.getJobInstanceId());
        assertThat(jobRepository.getJobExecution(dead.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(heartbeat.livenessOf(dead.getId()).silence()).as("the dead run's heartbeat is forgotten").isEmpty();
        assertThat(kinds(outcomesOf(resumed))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT WHERE JOB_EXECUTION_ID = ?",
                Integer.class, resumed.executionId())).as("the finished run's heartbeat is gone").isZero();
    }

    @Test
    void aTakeOverWhoseRecoveryFailsKeepsTheLease() throws Exception {
        // given: a dead pod's execution with a stale lease, and a repository that fails once the execution is
        // marked FAILED (the update went through, its transaction did not)
        RunRequest request = onboarding();
        JobExecution dead = jobRepository.getJobExecution(startedBy(ANOTHER_HOST, request));
        heartbeatOf(dead.getId(), Duration.ofMinutes(10));
        Heartbeat.Liveness before = heartbeat.livenessOf(dead.getId());
        JobRepository failingAfterUpdate = ObservedJobRepository.of(jobRepository, (method, result) -> {
            if (method.equals("update")) {
                throw new IllegalStateException("the repository went away after " + method);
            }
        });

        // when
        assertThatThrownBy(() -> deadOwners(failingAfterUpdate).recover(dead))
                .hasMessage("the repository went away after update");

        // then: neither the takeover nor the recovery happened, so the next run can take it over
        assertThat(heartbeat.livenessOf(dead.getId()).lastBeat()).isEqualTo(before.lastBeat());
        assertThat(jobRepository.getJobExecution(dead.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
        Launched resumed = launchJob(request);
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(dead.getJobInstanceId());
    }

    @Test
    void anExecutionLeftUnknownIsResumedOnceItsOwnerHoldsNoLease() throws Exception {
        // given: an execution that ended UNKNOWN on another host, whose owner still holds a fresh lease
        RunRequest request = onboarding();
        JobExecution unknown = jobRepository.getJobExecution(startedBy(ANOTHER_HOST, request));
        unknown.setStatus(BatchStatus.UNKNOWN);
        jobRepository.update(unknown);
        heartbeatOf(unknown.getId(), Duration.ofSeconds(20));

        // when / then: left alone while the lease is fresh
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("is marked UNKNOWN by process 4242 on gone-pod-7f9c")
                .hasMessageContaining("whose heartbeat was 20 s ago");

        // and resumed once its owner let go of it
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT");
        Launched resumed = launchJob(request);
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(unknown.getJobInstanceId());
        assertThat(jobRepository.getJobExecution(unknown.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aRunStartedOnAnotherHostWithARecentHeartbeatOrNoneIsLeftAlone() throws Exception {
        RunRequest request = onboarding();
        JobExecution running = jobRepository.getJobExecution(startedBy(ANOTHER_HOST, request));

        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("on gone-pod-7f9c").hasMessageContaining("which this host cannot check, and which left no heartbeat")
                .hasMessageContaining("nothing was started");

        heartbeatOf(running.getId(), Duration.ofSeconds(20));
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("whose heartbeat was 20 s ago")
                .hasMessageContaining("once its heartbeat is 120 s old, or run it on gone-pod-7f9c");

        assertThat(jobRepository.getLastJobExecution(jobRepository.getJobInstance(running.getJobInstanceId()))
                .getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aRunInAnotherPidNamespaceOnAHostOfTheSameNameIsNotTakenForDeadWhileItBeats() throws Exception {
        // given: a container with this host's name (a hostNetwork pod) running the job; its pid means nothing here
        RunRequest request = onboarding();
        ProcessSpace otherNamespace = new ProcessSpace(ProcessSpace.current().bootId(), "pid:[4026532999]");
        ProcessOwner twin = ProcessOwnerTest.endedChildOnThisHost(otherNamespace);
        JobExecution running = jobRepository.getJobExecution(startedBy(twin.toString(), request));
        heartbeatOf(running.getId(), Duration.ofSeconds(20));

        // when / then
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("this process cannot check (it has this host's name, but another boot, pid "
                        + "namespace or user, or an earlier version recorded it), and whose heartbeat was 20 s ago")
                .hasMessageContaining("nothing was started").hasMessageNotContaining("or run it on");
        assertThat(jobRepository.getJobExecution(running.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(simulator.totalCalls()).isZero();

        // and once its heartbeat is stale it is taken for dead and resumed
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT");
        heartbeatOf(running.getId(), Duration.ofMinutes(10));
        Launched resumed = launchJob(request);
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(running.getJobInstanceId());
        assertThat(jobRepository.getJobExecution(running.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aLiveOwnerWhoseStartTimeMovedWithAClockStepIsNotTakenForDead() throws Exception {
        // given: this live process, recorded with the start time the JDK reported before the clock was stepped
        // by an hour, as an earlier version wrote it and as this version does; its heartbeat is fresh
        RunRequest request = onboarding();
        ProcessOwner self = ProcessOwner.current();
        Instant beforeTheStep = self.processStart().minus(Duration.ofHours(1));
        JobExecution earlier = jobRepository.getJobExecution(startedBy(self.pid() + " " + self.host() + " "
                + beforeTheStep + " " + self.space().bootId() + " " + self.space().pidNamespace(), request));
        heartbeatOf(earlier.getId(), Duration.ofSeconds(20));

        // when / then: the earlier version's owner is judged by its fresh heartbeat
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("whose heartbeat was 20 s ago").hasMessageContaining("nothing was started");
        assertThat(jobRepository.getJobExecution(earlier.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);

        // and this version's is found running by its start in clock ticks
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT");
        long current = startedBy(new ProcessOwner(self.host(), self.pid(), beforeTheStep, self.space(), self.stamp())
                .toString(), RunRequests.realRun(Samples.ONBOARDING, Action.REMOVE, simulator.baseUrl()));
        assertThatThrownBy(() -> launcher.launch(RunRequests.realRun(Samples.ONBOARDING, Action.REMOVE,
                simulator.baseUrl()))).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("still running in process " + self.pid());
        assertThat(jobRepository.getJobExecution(current).getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void anOwnerRecordedByAnEarlierVersionOnAHostOfTheSameNameIsJudgedByItsHeartbeat() throws Exception {
        // given: host, pid and start only, as earlier versions wrote them, of a process not visible here
        RunRequest request = onboarding();
        ProcessOwner gone = ProcessOwnerTest.endedChildOnThisHost(null);
        JobExecution running = jobRepository.getJobExecution(startedBy(gone.pid() + " " + gone.host() + " "
                + gone.processStart(), request));
        heartbeatOf(running.getId(), Duration.ofSeconds(20));

        // when / then: it may be alive in another pid namespace
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("whose heartbeat was 20 s ago").hasMessageContaining("nothing was started");
        assertThat(jobRepository.getJobExecution(running.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aRunOfThisProcessSpaceThatDiedIsRecoveredAtOnceWithoutWaitingForItsHeartbeat() throws Exception {
        RunRequest request = onboarding();
        JobExecution killed = jobRepository.getJobExecution(startedBy(
                ProcessOwnerTest.endedChildOnThisHost(ProcessSpace.current()).toString(), request));
        heartbeatOf(killed.getId(), Duration.ofSeconds(5));

        Launched resumed = launchJob(request);

        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(killed.getJobInstanceId());
        assertThat(jobRepository.getJobExecution(killed.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void aRunningJobBeatsAndStopsBeatingWhenItEnds() throws Exception {
        List<Integer> beatingDuringTheRun = new ArrayList<>();
        tapis.beforeCheck = () -> beatingDuringTheRun.add(jdbc.queryForObject(
                "SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class));

        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(beatingDuringTheRun).isNotEmpty().containsOnly(1);
        assertThat(heartbeat.livenessOf(run.executionId()).silence()).as("forgotten once the run ended").isEmpty();
    }

    @Test
    void anInstanceFoundBeforeItsFirstExecutionIsWaitedForNotTakenForFinished() throws Exception {
        // given: another run holds the request's launch lock, and has created the job instance and not yet its
        // execution (two transactions apart)
        RunRequest request = onboarding();
        JobParameters parameters = request.parameters(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Long> launch;
            try (LaunchLock other = LaunchLock.acquire(dataSource, request.launchKey())) {
                JobInstance instance = jobRepository.createJobInstance(JobParameterNames.JOB_NAME, parameters);
                launch = thread.submit(() -> launcher.launch(request).getId());

                // when: this run comes while the other is between the two, then the other's execution appears
                JobExecution otherExecution = jobRepository.createJobExecution(instance, parameters,
                        new ExecutionContext());
                otherExecution.setStatus(BatchStatus.STARTED);
                otherExecution.setStartTime(LocalDateTime.now());
                jobRepository.update(otherExecution);
            }

            // then: it is refused as the second run, and starts no instance of its own
            assertThatThrownBy(() -> launch.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(RunRefusedException.class)
                    .hasMessageContaining("still running in process " + ProcessHandle.current().pid());
            assertThat(jobRepository.getJobInstance(JobParameterNames.JOB_NAME,
                    request.parameters(2))).isNull();
            assertThat(simulator.totalCalls()).isZero();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void anInstanceLeftWithoutExecutionByADeadRunIsPassedForANewOne() throws Exception {
        // given: a run died between creating the instance and its execution (Spring Batch cannot start such an instance)
        RunRequest request = onboarding();
        JobInstance orphan = jobRepository.createJobInstance(JobParameterNames.JOB_NAME,
                request.parameters(1));

        // when
        JobExecution execution = new ProvisioningLauncher(jobOperator, jobRepository, job, dataSource,
                deadOwners(jobRepository)).launch(request);

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getJobInstanceId()).isNotEqualTo(orphan.getInstanceId());
        assertThat(execution.getJobParameters().getLong(JobParameterNames.SEQUENCE)).isEqualTo(2L);
    }
}
