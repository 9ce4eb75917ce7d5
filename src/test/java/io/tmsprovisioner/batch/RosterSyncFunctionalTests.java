package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.batch.step.DepartedPairs;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.ProtectedUsers;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --sync}: a roster is the desired state of the pairs it covers, and those who left it lose what the tool gave them. */
@TestPropertySource(properties = "tms.protected-users=svc-*")
class RosterSyncFunctionalTests extends JobTestSupport {
    private static final String ROSTER = "designsafe-allocation-42";

    @TempDir
    Path dir;

    @Autowired
    DepartedPairs departedPairs;

    private Path roster(String name, String... pairs) throws IOException {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        lines.addAll(List.of(pairs));
        return Files.write(dir.resolve(name), lines);
    }

    private Launched sync(Path file, boolean dryRun) throws Exception {
        return launchJob(new RunRequest(file, Samples.sha256(file), Action.ESTABLISH,
                simulator.baseUrl(), dryRun, 0, false, false, new RunRequest.Roster(ROSTER, true, 100)));
    }

    private static RowOutcome rowOf(Map<Long, RowOutcome> rows, String user, String system) {
        return rows.values().stream().filter(row -> row.username().equals(user) && row.systemId().equals(system))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + user + " on " + system));
    }

    @Test
    void aSyncRemovesExactlyTheDepartedPairsTheToolCreatedForTheRosterAndNothingElse() throws Exception {
        // given: the roster's first night creates keys for four users; jdoe's credential was there before (the portal's)
        sync(roster("night1.csv", "jdoe,stampede3", "amy,stampede3", "ben,stampede3", "cat,frontera",
                "svc-backup,stampede3"), false);
        // and another roster created keys for dan
        launchJob(roster("other.csv", "dan,stampede3"), Action.ESTABLISH);
        simulator.resetCounters();

        // when: the next night's roster has lost jdoe, ben, cat and the service account
        Launched night2 = sync(roster("night2.csv", "amy,stampede3", "dan,stampede3"), false);

        // then: ben and cat are removed, as rows after the file's; jdoe's, dan's and the service account's stay
        assertThat(night2.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(night2);
        assertThat(rows).hasSize(4);
        assertThat(rowOf(rows, "ben", "stampede3").outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(rowOf(rows, "ben", "stampede3").message()).isEqualTo("left the roster: credential removed");
        assertThat(rowOf(rows, "cat", "frontera").outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(rowOf(rows, "cat", "frontera").lineNumber()).isGreaterThan(3);
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isEqualTo(2);
        assertThat(simulator.hasCredential("stampede3", "ben")).isFalse();
        assertThat(simulator.hasCredential("frontera", "cat")).isFalse();
        assertThat(simulator.hasCredential("stampede3", "jdoe")).as("found present, never created").isTrue();
        assertThat(simulator.hasCredential("stampede3", "dan")).as("another roster's").isTrue();
        assertThat(simulator.hasCredential("stampede3", "svc-backup")).as("protected").isTrue();
        assertThat(departedPairs.summary(night2.instanceId(), night2.executionId())).hasValueSatisfying(summary -> {
            assertThat(summary.departed()).isEqualTo(2);
            assertThat(summary.outcomes()).containsExactly(Map.entry(Outcome.REMOVED, 2L));
            assertThat(summary.protectedKept()).isEqualTo(1);
        });

        // and a third night of the same roster removes nothing more
        simulator.resetCounters();
        Launched night3 = sync(roster("night3.csv", "amy,stampede3", "dan,stampede3", "eve,ls6"), false);
        assertThat(kinds(outcomesOf(night3)).values()).containsExactly(Outcome.ALREADY_PRESENT,
                Outcome.ALREADY_PRESENT, Outcome.CREATED);
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isZero();
    }

    @Test
    void aSyncStoppedByAnOutageIsResumedWithTheDepartedPairsItFoundAndNoOthers() throws Exception {
        // given: ben and cat left the roster, and Tapis goes down as their removes go out
        sync(roster("night1.csv", "amy,stampede3", "ben,stampede3", "cat,stampede3"), false);
        simulator.failFrom(Endpoint.REMOVE_CREDENTIAL, 1, Fault.SERVER_ERROR);
        simulator.failFrom(Endpoint.GET_SYSTEM, 2, Fault.SERVER_ERROR);
        Path night2 = roster("night2.csv", "amy,stampede3");
        Launched failed = sync(night2, false);
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(simulator.hasCredential("stampede3", "ben")).isTrue();
        // meanwhile the ledger gains a pair of the roster that the night's file does not list either
        jdbc.update("INSERT INTO PROVISIONING_CREDENTIAL (TAPIS_URL, SYSTEM_ID, USERNAME, ROSTER, JOB_EXECUTION_ID, "
                + "CREATED_AT) VALUES (?, 'stampede3', 'zed', ?, 1, CURRENT_TIMESTAMP)", simulator.baseUrl(), ROSTER);
        simulator.clearFaults();
        simulator.resetCounters();

        // when: the same command again
        Launched resumed = sync(night2, false);

        // then: the same instance removes ben and cat, and nobody else
        assertThat(resumed.instanceId()).isEqualTo(failed.instanceId());
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(resumed);
        assertThat(rows.values()).extracting(RowOutcome::username).containsExactlyInAnyOrder("amy", "ben", "cat");
        assertThat(rowOf(rows, "ben", "stampede3").outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(rowOf(rows, "cat", "stampede3").outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(simulator.hasCredential("stampede3", "ben")).isFalse();
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isEqualTo(2);
    }

    @Test
    void aDryRunListsTheDepartedPairsAsWouldRemoveAndChangesNothing() throws Exception {
        // given
        sync(roster("night1.csv", "amy,stampede3", "ben,stampede3"), false);
        simulator.resetCounters();

        // when
        Launched dry = sync(roster("night2.csv", "amy,stampede3"), true);

        // then
        RowOutcome ben = rowOf(outcomesOf(dry), "ben", "stampede3");
        assertThat(ben.outcome()).isEqualTo(Outcome.WOULD_REMOVE);
        assertThat(ben.message()).startsWith("left the roster: a credential is stored");
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isZero();
        assertThat(simulator.hasCredential("stampede3", "ben")).isTrue();
    }

    @Test
    void aRunThatDoesNotSyncRemovesNoDepartedPair() throws Exception {
        // given
        sync(roster("night1.csv", "amy,stampede3", "ben,stampede3"), false);

        // when: the same roster name, without --sync
        Path night2 = roster("night2.csv", "amy,stampede3");
        Launched plain = launchJob(new RunRequest(night2, Samples.sha256(night2), Action.ESTABLISH,
                simulator.baseUrl(), false, 0, false, false, new RunRequest.Roster(ROSTER, false, 100)));

        // then
        assertThat(outcomesOf(plain)).hasSize(1);
        assertThat(simulator.hasCredential("stampede3", "ben")).isTrue();
        assertThat(departedPairs.summary(plain.instanceId(), plain.executionId())).isEmpty();
    }

    @Test
    void moreDepartedPairsThanTheCeilingAllowsAreRefusedBeforeAnythingStarts() throws Exception {
        // given
        sync(roster("night1.csv", "amy,stampede3", "ben,stampede3", "cat,stampede3"), false);
        Path night2 = roster("night2.csv", "amy,stampede3");
        RunRequest request = new RunRequest(night2, Samples.sha256(night2), Action.ESTABLISH,
                simulator.baseUrl(), false, 0, false, false, new RunRequest.Roster(ROSTER, true, 1));

        // when / then
        assertThatThrownBy(() -> departedPairs.requireWithinCeiling(request,
                        ProtectedUsers.of(List.of())))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageStartingWith("--sync would remove 2 pair(s) that earlier runs of roster " + ROSTER)
                .hasMessageContaining("Nothing was started");
    }
}
