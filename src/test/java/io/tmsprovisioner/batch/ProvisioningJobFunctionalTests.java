package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisCredentials;
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

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each action does to Tapis and to the outcome table, and how a failed or refused run resumes. */
class ProvisioningJobFunctionalTests extends JobTestSupport {
    /** A process on another host, as the launcher stores it. */
    private static final String ANOTHER_HOST = "4242 gone-pod-7f9c 2026-11-01T02:00:00Z";

    @Autowired
    StopRequest stopRequest;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    Job job;
    @Autowired
    DataSource dataSource;
    @Autowired
    Heartbeat heartbeat;

    @Test
    void aMixedRunRecordsOneOutcomePerLineAsTheContractSays() throws Exception {
        // when
        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(execution);
        assertThat(kinds(rows)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(rows.get(22L).httpStatus()).isEqualTo(401);
        assertThat(rows.get(22L).tapisCode()).as("the verify step's reason").isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(rows.get(30L).httpStatus()).isEqualTo(403);
        assertThat(rows.get(31L).httpStatus()).isEqualTo(404);
        assertThat(rows.get(31L).tapisCode()).isEqualTo("SYSAPI_NOSYSTEM");
        assertThat(rows.get(25L).message()).contains("PASSWORD", "nothing created");
        assertThat(rows.get(32L).message()).contains("username");
        assertThat(rows.get(34L).message()).contains("line 7");
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.attempts()).isLessThanOrEqualTo(1));
        // Tapis state: every created pair minted exactly one key pair; nothing on non-TMS systems
        assertThat(simulator.keysMinted("designsafe.storage.default", "tnguyen")).isEqualTo(1);
        assertThat(simulator.keysMinted("stampede3", "pchen")).isEqualTo(1);
        assertThat(simulator.hasCredential("designsafe.storage.community", "jdoe")).isFalse();
        assertThat(simulator.hasCredential("frontera", "alee")).isTrue();
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
        // rejected and duplicate rows were never sent
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isEqualTo(24);
    }

    @Test
    void establishingTwiceCreatesNothingTheSecondTime(@TempDir Path dir) throws Exception {
        // given: the establish-only part of the onboarding sample, without vista: a check there fails on the
        // host, and Tapis cannot tell that from a missing credential, so every run creates again
        Path input = Files.write(dir.resolve("establish.csv"), Files.readAllLines(Samples.ONBOARDING).subList(0, 21));
        Launched first = launchJob(input, Action.ESTABLISH);
        int minted = simulator.totalKeysMinted();

        // when
        Launched second = launchJob(input, Action.ESTABLISH);

        // then
        assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.instanceId()).as("a completed instance is followed by a fresh one")
                .isNotEqualTo(first.instanceId());
        assertThat(kinds(outcomesOf(first))).containsValue(Outcome.CREATED);
        assertThat(simulator.totalKeysMinted()).isEqualTo(minted);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(minted);
        Map<Long, Outcome> secondKinds = kinds(outcomesOf(second));
        assertThat(secondKinds).hasSize(17).doesNotContainValue(Outcome.CREATED);
        assertThat(secondKinds.get(7L)).isEqualTo(Outcome.ALREADY_PRESENT);
    }

    @Test
    void removeRemovesEveryListedCredential(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("leavers.csv"),
                "username,system_id\njdoe,stampede3\npchen,stampede3\nnobody,stampede3\n");

        Launched execution = launchJob(input, Action.REMOVE);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(execution))).containsOnlyKeys(2L, 3L, 4L).doesNotContainValue(Outcome.FAILED)
                .containsValue(Outcome.REMOVED);
        assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
        assertThat(simulator.hasCredential("stampede3", "pchen")).isFalse();
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isZero();
    }

    @Test
    void resetMintsNewKeysOnTmsSystemsAndRemovesNothingElsewhere() throws Exception {
        Launched execution = launchJob(Samples.RESET, Action.RESET);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, Outcome> kinds = kinds(outcomesOf(execution));
        assertThat(kinds).hasSize(7);
        assertThat(kinds.values()).filteredOn(Outcome.RESET::equals).hasSize(6);
        assertThat(kinds.get(10L)).isEqualTo(Outcome.NOT_TMS);
        assertThat(simulator.keysMinted("stampede3", "jdoe")).isEqualTo(1);
        assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isEqualTo(6);
    }

    @Test
    void aRunThatFailsMidwayResumesWithoutRedoingOrLosingRows() throws Exception {
        // given: Tapis goes down at the 20th check (after the first login: rows start 16 at a time)
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                simulator.setOutage(true);
            }
        };

        // when
        Launched failed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: the job stops with some rows recorded and the rest left for the resumed run
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        int recorded = outcomeRows(failed.instanceId());
        assertThat(recorded).isPositive().isLessThan(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(outcomesOf(failed).keySet()).as("recorded lines are lines of the file")
                .isSubsetOf(Samples.ONBOARDING_OUTCOMES.keySet());

        // when: Tapis recovers and the same command runs again
        simulator.setOutage(false);
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(failed.instanceId());
        assertThat(outcomeRows(resumed.instanceId())).isEqualTo(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(kinds(outcomesOf(resumed))).as(outcomesOf(resumed).toString()).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(outcomes.countsForExecution(resumed.executionId()).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(Samples.ONBOARDING_OUTCOMES.size() - recorded);
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsVerifiedInsteadOfSentAgain() throws Exception {
        // given: from the third create on, each takes effect but its answer never arrives
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 3, Fault.LOSE_ANSWER);

        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(execution);
        assertThat(kinds(rows)).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(rows.values()).filteredOn(row -> row.attempts() == 2).hasSize(11)
                .filteredOn(row -> row.outcome() != Outcome.FAILED)
                .allSatisfy(row -> assertThat(row.message()).contains("a check confirmed it"));
        assertThat(rows.get(22L).tapisCode()).as("stored keys the host rejects: as Tapis answers the create")
                .isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(13);
    }

    @Test
    void aRunThatFailsAfterCommittingRowsPastAnUnfinishedOneResumesOnlyWhatIsLeft() throws Exception {
        // given: rpatel's check (line 8) waits until every other row is committed, then finds Tapis down
        tapis.beforeCheckOf = (systemId, username) -> {
            if (username.equals("rpatel") && systemId.equals("designsafe.storage.default")) {
                try {
                    assertThat(commits.awaitCommitted(Samples.ONBOARDING_OUTCOMES.size() - 1, Duration.ofSeconds(30)))
                            .as("the other rows were committed while line 8 waited").isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                simulator.setOutage(true);
            }
        };

        // when
        Launched failed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: every line but 8 is recorded, those after it included
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(outcomesOf(failed).keySet()).doesNotContain(8L).contains(9L, 41L)
                .hasSize(Samples.ONBOARDING_OUTCOMES.size() - 1);

        // when: Tapis is back and the same command runs again
        simulator.setOutage(false);
        tapis.beforeCheckOf = (systemId, username) -> { };
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: it did line 8 only
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(outcomes.countsForExecution(resumed.executionId())).isEqualTo(Map.of(Outcome.CREATED, 1L));
        assertThat(kinds(outcomesOf(resumed))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
    }

    @Test
    void aStopRequestedMidRunEndsItStoppedWithTheRowsInFlightRecordedAndTheSameCommandFinishesIt() throws Exception {
        // given: the administrator asks the run to stop at the 20th check
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                stopRequest.request();
            }
        };

        // when
        Launched stopped = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: STOPPED, not FAILED; what finished is recorded, the rest is left
        assertThat(stopped.status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(stopped.failures()).isEmpty();
        int recorded = outcomeRows(stopped.instanceId());
        assertThat(recorded).isPositive().isLessThan(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class))
                .as("no heartbeat left: any host may resume it at once").isZero();

        // when: the same command runs again
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: as if it had never stopped
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
        assertThat(kinds(outcomesOf(resumed))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
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
    void aFileEditedAfterItsJobInstanceWasStartedIsNeverReadUnderThatInstance(@TempDir Path dir) throws Exception {
        // given: the content was fingerprinted, then edited before the step read it
        Path file = Files.copy(Samples.ONBOARDING, dir.resolve("edited-under-the-run.csv"));
        String fingerprint = Samples.sha256(file);
        Files.writeString(file, "username,system_id\nmallory,stampede3\n");

        // when
        Launched run = launchJob(new RunRequest(file, fingerprint, Action.ESTABLISH, simulator.baseUrl()));

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(run.failures()).singleElement().asString().contains("changed since this job instance was started");
        assertThat(outcomeRows(run.instanceId())).isZero();
        assertThat(simulator.totalCalls()).as("nothing sent").isZero();
    }

    @Test
    void aFileEditedAfterAFailedRunIsRefusedUntilTheUnfinishedRunIsAbandoned(@TempDir Path dir) throws Exception {
        // given: a run that failed part-way (Tapis went down at the 20th check)
        Path file = Files.copy(Samples.ONBOARDING, dir.resolve("cohort.csv"));
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                simulator.setOutage(true);
            }
        };
        Launched failed = launchJob(file, Action.ESTABLISH);
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        simulator.setOutage(false);
        tapis.beforeCheck = () -> { };

        // when: the file is edited, and run again
        Files.writeString(file, "newcomer,stampede3\n", java.nio.file.StandardOpenOption.APPEND);
        int instances = jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class);
        RunRequest edited = new RunRequest(file, Samples.sha256(file), Action.ESTABLISH, simulator.baseUrl());

        // then: refused, naming the unfinished run, and nothing started
        assertThatThrownBy(() -> launcher.launch(edited)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("An unfinished run of " + file + " with other content exists: job instance "
                        + failed.instanceId())
                .hasMessageContaining("--abandon-unfinished");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE", Integer.class)).isEqualTo(instances);

        // when: the administrator chooses to abandon it
        Launched fresh = launchJob(new RunRequest(file, Samples.sha256(file), Action.ESTABLISH, simulator.baseUrl(),
                false, 0, true));

        // then
        assertThat(jobRepository.getJobExecution(failed.executionId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);
        assertThat(fresh.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fresh.instanceId()).isNotEqualTo(failed.instanceId());
        assertThat(outcomeRows(fresh.instanceId())).isEqualTo(Samples.ONBOARDING_OUTCOMES.size() + 1);
    }

    @Test
    void aRowThatDidNotFinishKeepsTheLaterRowsOfItsPairFromActingInThatRun() throws Exception {
        // given: pchen's check on stampede3 (line 15, whose pair is reset on line 41) throws once
        AtomicInteger thrown = new AtomicInteger();
        tapis.beforeCheckOf = (systemId, username) -> {
            if (username.equals("pchen") && systemId.equals("stampede3") && thrown.getAndIncrement() == 0) {
                throw new IllegalStateException("the repository went away under this row");
            }
        };

        // when
        Launched failed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: the reset of the same pair did not act
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(outcomesOf(failed)).doesNotContainKeys(15L, 41L);
        assertThat(simulator.keysMinted("stampede3", "pchen")).isZero();
        assertThat(simulator.hasCredential("stampede3", "pchen")).isTrue();

        // when: the same command runs again
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: both rows in file order, as in an uninterrupted run
        assertThat(kinds(outcomesOf(resumed))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.keysMinted("stampede3", "pchen")).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRenewedAndNeverTakenForAMissingCredential() throws Exception {
        // given: every token Tapis issued expires right before the 20th check (rows start 16 at a time, so by
        // then a row has finished, and the first login with it)
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 20) {
                simulator.expireAllTokens();
            }
        };

        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(execution))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.calls(Endpoint.TOKEN, 201)).isEqualTo(2);
        assertThat(simulator.totalKeysMinted()).isEqualTo(13);
    }

    @Test
    void aRejectedFixedTokenStopsTheJobAndLeavesRowsForTheResumedRun() throws Exception {
        // given: a fixed JWT that Tapis does not accept
        tapis.target = new TapisClient(simulator.baseUrl(),
                new TapisCredentials.Token(new Secret("not.a.validjwt")),
                TapisClient.httpClient(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20)));

        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(outcomesOf(execution).values()).as("only rows that never needed Tapis are recorded")
                .extracting(RowOutcome::outcome).containsOnly(Outcome.REJECTED, Outcome.DUPLICATE);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("a JWT 401 is not a missing credential").isZero();
        assertThat(simulator.calls(Endpoint.GET_SYSTEM)).isZero();
    }

    @Test
    void aDryRunChangesNothingAndIsNotTheRealRunsInstance() throws Exception {
        // when
        Launched dry = launchJob(new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING),
                Action.ESTABLISH, simulator.baseUrl(), true, 31));

        // then: the real run's creates, removes and resets are announced, none is sent
        assertThat(dry.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, Outcome> announced = kinds(outcomesOf(dry));
        assertThat(announced.get(7L)).isEqualTo(Outcome.WOULD_CREATE);
        assertThat(announced.get(3L)).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(announced.get(25L)).isEqualTo(Outcome.NOT_TMS);
        assertThat(announced.get(39L)).isEqualTo(Outcome.WOULD_REMOVE);
        assertThat(announced.get(41L)).isEqualTo(Outcome.WOULD_RESET);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL) + simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isZero();

        // and a real run of the same file is a fresh instance doing the work
        Launched real = launchJob(Samples.ONBOARDING, Action.ESTABLISH);
        assertThat(real.instanceId()).isNotEqualTo(dry.instanceId());
        assertThat(kinds(outcomesOf(real))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
    }

    @Test
    void aSecondRunRefusesWhileTheOwnerOfTheRunningExecutionLives() throws Exception {
        // given: an execution of this job instance marked STARTED by this very (live) process
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
        JobExecution running = jobRepository.getJobExecution(startedBy(ProcessOwner.current().toString(), request));

        // when / then
        assertThatThrownBy(() -> launcher.launch(request))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("still running in process " + ProcessHandle.current().pid())
                .hasMessageContaining("nothing was started");
        assertThat(simulator.totalCalls()).isZero();
        assertThat(jobRepository.getJobExecution(running.getId()).getStatus()).isEqualTo(BatchStatus.STARTED);
    }

    /**
     * An execution of the run's first instance marked STARTED by the given owner; its id (a method returning a
     * JobExecution would be taken by @SpringBatchTest for a scope factory).
     */
    private long startedBy(String owner, RunRequest request) throws Exception {
        JobParameters parameters = new JobParametersBuilder(request.parameters(1))
                .addString(JobParameterNames.OWNER, owner, false)
                .toJobParameters();
        JobInstance instance = jobRepository.createJobInstance(ProvisioningJobConfiguration.JOB_NAME, parameters);
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
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
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
    void aRunStartedOnAnotherHostWithARecentHeartbeatOrNoneIsLeftAlone() throws Exception {
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
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
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
        ProcessSpace otherNamespace = new ProcessSpace(ProcessSpace.current().bootId(), "pid:[4026532999]");
        ProcessOwner twin = ProcessOwnerTest.endedChildOnThisHost(otherNamespace);
        JobExecution running = jobRepository.getJobExecution(startedBy(twin.toString(), request));
        heartbeatOf(running.getId(), Duration.ofSeconds(20));

        // when / then
        assertThatThrownBy(() -> launcher.launch(request)).isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("this process cannot check (it has this host's name, but another boot or pid "
                        + "namespace, or an earlier version recorded it), and whose heartbeat was 20 s ago")
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
    void anOwnerRecordedByAnEarlierVersionOnAHostOfTheSameNameIsJudgedByItsHeartbeat() throws Exception {
        // given: host, pid and start only, as earlier versions wrote them, of a process not visible here
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
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
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
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
        // given: another run has created the job instance and not yet its execution (two transactions apart)
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
        JobParameters parameters = request.parameters(1);
        JobInstance instance = jobRepository.createJobInstance(ProvisioningJobConfiguration.JOB_NAME, parameters);
        CountDownLatch lookedAndFoundNone = new CountDownLatch(1);
        ProvisioningLauncher waiting = new ProvisioningLauncher(jobOperator, signallingFirstEmptyLook(lookedAndFoundNone),
                job, dataSource, heartbeat, Duration.ofSeconds(60));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            // (an execution id, not the JobExecution: @SpringBatchTest would take the lambda for a scope factory)
            Future<Long> launch = thread.submit(() -> waiting.launch(request).getId());

            // when: this run looks while the other is between the two, then the other's execution appears
            assertThat(lookedAndFoundNone.await(60, TimeUnit.SECONDS)).isTrue();
            JobExecution other = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
            other.setStatus(BatchStatus.STARTED);
            other.setStartTime(LocalDateTime.now());
            jobRepository.update(other);

            // then: it is refused as the second run, and starts no instance of its own
            assertThatThrownBy(() -> launch.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(RunRefusedException.class)
                    .hasMessageContaining("still running in process " + ProcessHandle.current().pid());
            assertThat(jobRepository.getJobInstance(ProvisioningJobConfiguration.JOB_NAME,
                    request.parameters(2))).isNull();
            assertThat(simulator.totalCalls()).isZero();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void anInstanceLeftWithoutExecutionByADeadRunIsPassedForANewOne() throws Exception {
        // given: a run died between creating the instance and its execution (Spring Batch cannot start such an instance)
        RunRequest request = new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING), Action.ESTABLISH,
                simulator.baseUrl());
        JobInstance orphan = jobRepository.createJobInstance(ProvisioningJobConfiguration.JOB_NAME,
                request.parameters(1));

        // when
        JobExecution execution = new ProvisioningLauncher(jobOperator, jobRepository, job, dataSource, heartbeat,
                Duration.ofMillis(50)).launch(request);

        // then
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getJobInstanceId()).isNotEqualTo(orphan.getInstanceId());
        assertThat(execution.getJobParameters().getLong(JobParameterNames.SEQUENCE)).isEqualTo(2L);
    }

    /** The job repository, counting down {@code latch} the first time it finds an instance without executions. */
    private JobRepository signallingFirstEmptyLook(CountDownLatch latch) {
        return ObservedJobRepository.of(jobRepository, (called, result) -> {
            if (called.equals("getLastJobExecution") && result == null) {
                latch.countDown();
            }
        });
    }
}
