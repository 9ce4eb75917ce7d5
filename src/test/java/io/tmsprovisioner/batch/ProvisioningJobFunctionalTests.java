package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What each action does to Tapis and to the outcome table, and how a failed or refused run resumes. */
class ProvisioningJobFunctionalTests extends JobTestSupport {
    @Autowired
    StopRequest stopRequest;

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
        assertThat(rows.get(30L).tapisCode()).as("the caller may not manage another owner's system")
                .isEqualTo("SYSLIB_UNAUTH");
        assertThat(rows.get(31L).httpStatus()).isEqualTo(404);
        assertThat(rows.get(31L).tapisCode()).as("getSystem's 404: the system is looked up before the check")
                .isEqualTo("SYSAPI_NOT_FOUND");
        assertThat(rows.get(25L).message()).contains("PASSWORD", "nothing created");
        assertThat(rows.get(32L).message()).contains("username");
        assertThat(rows.get(34L).message()).contains("line 7");
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.attempts()).isLessThanOrEqualTo(1));
        // Tapis state: every created pair minted exactly one key pair; nothing on non-TMS systems
        assertThat(simulator.keysMinted("designsafe.storage.default", "tnguyen")).isEqualTo(1);
        assertThat(simulator.keysMinted("stampede3", "pchen")).isEqualTo(1);
        assertThat(simulator.hasCredential("designsafe.storage.community", "jdoe")).isFalse();
        assertThat(simulator.hasCredential("frontera", "alee")).isTrue();
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        // rejected and duplicate rows were never sent, nor rows whose system getSystem refused (lines 30 and 31);
        // each create's keys were checked once
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isEqualTo(22 + Samples.ONBOARDING_KEYS_MINTED);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("TMS mints = creates")
                .isEqualTo(simulator.totalKeysMinted());
    }

    @Test
    void establishingTwiceCreatesNothingTheSecondTimeNotEvenWhereTheHostRefusesTheKeys(@TempDir Path dir)
            throws Exception {
        // given: the establish-only part of the onboarding sample, vista included: its host refuses every key
        Path input = Files.write(dir.resolve("establish.csv"), Files.readAllLines(Samples.ONBOARDING).subList(0, 22));
        Launched first = launchJob(input, Action.ESTABLISH);
        int minted = simulator.totalKeysMinted();

        // when
        Launched second = launchJob(input, Action.ESTABLISH);

        // then
        assertThat(second.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.instanceId()).as("a completed instance is followed by a fresh one")
                .isNotEqualTo(first.instanceId());
        assertThat(kinds(outcomesOf(first))).containsValue(Outcome.CREATED).containsEntry(22L, Outcome.KEYS_REFUSED);
        assertThat(simulator.totalKeysMinted()).isEqualTo(minted);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(minted);
        assertThat(simulator.keysMinted("vista", "jdoe")).as("replaced once, refused, not again").isEqualTo(1);
        Map<Long, RowOutcome> secondRows = outcomesOf(second);
        assertThat(kinds(secondRows)).hasSize(18).doesNotContainValue(Outcome.CREATED);
        assertThat(secondRows.get(7L).outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(secondRows.get(22L).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(secondRows.get(22L).message()).startsWith("the host refuses the stored key, as it refused the TMS "
                + "keys created for this user on ").contains("no new keys minted");
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
        atCheck(20, () -> simulator.setOutage(true));

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
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
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
                .allSatisfy(row -> assertThat(row.message()).contains("a check found them stored"));
        assertThat(rows.get(22L).tapisCode()).as("stored keys the host rejects: as Tapis answers the create")
                .isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
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
        assertThat(outcomes.countsForExecution(resumed.executionId())).isEqualTo(Map.of(Outcome.CREATED, 1L));
        assertEndedAsOneUninterruptedRun(resumed);
    }

    @Test
    void aStopRequestedMidRunEndsItStoppedWithTheRowsInFlightRecordedAndTheSameCommandFinishesIt() throws Exception {
        // given: the administrator asks the run to stop at the 20th check
        atCheck(20, stopRequest::request);

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
        assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
        assertEndedAsOneUninterruptedRun(resumed);
    }

    @Test
    void aFileEditedAfterItsJobInstanceWasStartedIsNeverReadUnderThatInstance(@TempDir Path dir) throws Exception {
        // given: the content was fingerprinted, then edited before the step read it
        Path file = Files.copy(Samples.ONBOARDING, dir.resolve("edited-under-the-run.csv"));
        String fingerprint = Samples.sha256(file);
        Files.writeString(file, "username,system_id\nmallory,stampede3\n");

        // when
        Launched run = launchJob(new RunRequest(file, fingerprint, Action.ESTABLISH, simulator.baseUrl(), false, 0, true, false));

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(run.failures()).singleElement().asString().contains("changed since this job instance was started");
        assertThat(outcomeRows(run.instanceId())).isZero();
        assertThat(simulator.totalCalls()).as("nothing sent").isZero();
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
        atCheck(20, () -> simulator.expireAllTokens());

        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(execution))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.calls(Endpoint.TOKEN, 200)).isEqualTo(2);
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }

    @Test
    void aRejectedFixedTokenStopsTheJobAndLeavesRowsForTheResumedRun() throws Exception {
        // given: a fixed JWT that Tapis does not accept
        tapis.target = simulatorClient(simulator.baseUrl(), new TapisCredentials.Token(new Secret("not.a.validjwt")));

        Launched execution = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        assertThat(execution.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(outcomesOf(execution).values()).as("only rows that never needed Tapis are recorded")
                .extracting(RowOutcome::outcome).containsOnly(Outcome.REJECTED, Outcome.DUPLICATE);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("a JWT 401 is not a missing credential").isZero();
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).as("the token was refused at the systems' lookups")
                .isZero();
    }

    @Test
    void aDryRunChangesNothingAndIsNotTheRealRunsInstance() throws Exception {
        // when
        Launched dry = launchJob(new RunRequest(Samples.ONBOARDING, Samples.sha256(Samples.ONBOARDING),
                Action.ESTABLISH, simulator.baseUrl(), true, 31, true, false));

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

}
