package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.ReverifySchedule;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Nightly runs of a roster with {@code tms.reverify-after}: a night checks what is new and the pairs whose turn came. */
@TestPropertySource(properties = "tms.reverify-after=7d")
class ReverifyAfterFunctionalTests extends JobTestSupport {
    private static final ReverifySchedule WEEKLY = ReverifySchedule.every(Duration.ofDays(7));
    private static final List<String> SYSTEMS = List.of("stampede3", "frontera", "ls6");

    @TempDir
    Path dir;

    private Path roster(String name, int users) throws IOException {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < users; user++) {
            for (String system : SYSTEMS) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve(name), lines);
    }

    /** As if the run had been {@code days} ago. */
    private void backDateOutcomes(int days) {
        jdbc.update("UPDATE PROVISIONING_OUTCOME SET RECORDED_AT = DATEADD('DAY', ?, RECORDED_AT)", -days);
    }

    private Set<String> pairsDue(Map<String, Instant> lastVerified, Instant now) {
        Set<String> due = new TreeSet<>();
        lastVerified.forEach((pair, last) -> {
            String[] systemAndUser = pair.split("/");
            if (WEEKLY.isDue(systemAndUser[0], systemAndUser[1], last, now)) {
                due.add(pair);
            }
        });
        return due;
    }

    private Map<String, Instant> verifiedAt(Launched run) {
        Map<String, Instant> verified = new TreeMap<>();
        outcomes.forEachOutcome(run.instanceId(), run.executionId(), recorded -> verified.put(
                recorded.row().systemId() + "/" + recorded.row().username(), recorded.row().recordedAt()));
        return verified;
    }

    private static Set<String> pairsWith(Map<Long, RowOutcome> rows, Outcome outcome) {
        Set<String> pairs = new TreeSet<>();
        rows.values().stream().filter(row -> row.outcome() == outcome)
                .forEach(row -> pairs.add(row.systemId() + "/" + row.username()));
        return pairs;
    }

    @Test
    void aNightLaterTheRosterSendsChecksOnlyForNewPairsAndThoseWhoseTurnCame() throws Exception {
        // given: 40 users on 3 systems, all created and verified three days ago
        Launched first = launchJob(roster("roster-night1.csv", 40), Action.ESTABLISH);
        assertThat(kinds(outcomesOf(first)).values()).containsOnly(Outcome.CREATED);
        backDateOutcomes(3);
        Map<String, Instant> lastVerified = verifiedAt(first);
        simulator.resetCounters();

        // when: tonight's roster has two more users
        Instant before = Instant.now();
        Launched tonight = launchJob(roster("roster-night4.csv", 42), Action.ESTABLISH);
        Instant after = Instant.now();

        // then: the new pairs are checked and created; of the others, only those whose turn came are checked
        assertThat(tonight.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(tonight);
        Set<String> checked = pairsWith(rows, Outcome.ALREADY_PRESENT);
        Set<String> passedOver = pairsWith(rows, Outcome.RECENTLY_VERIFIED);
        assertThat(pairsWith(rows, Outcome.CREATED)).hasSize(6).allMatch(pair -> pair.matches(".*/user4[01]"));
        assertThat(checked).containsAll(pairsDue(lastVerified, before));
        assertThat(pairsDue(lastVerified, after)).containsAll(checked);
        // three days of a week's turns: about 3/7 of 120 pairs, none of them twice
        assertThat(checked.size()).isBetween(30, 72);
        assertThat(passedOver).hasSize(120 - checked.size()).doesNotContainAnyElementsOf(checked);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).as("one per pair checked, two per pair created")
                .isEqualTo(checked.size() + 2 * 6);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(6);
        RowOutcome passed = rows.values().stream().filter(row -> row.outcome() == Outcome.RECENTLY_VERIFIED)
                .findFirst().orElseThrow();
        assertThat(passed.message()).startsWith("found working on ")
                .contains("(execution " + first.executionId() + "); not checked again before its turn at ");
    }

    @Test
    void aPairRemovedSinceItWasFoundWorkingIsCheckedAndCreatedAgain() throws Exception {
        // given: a roster verified moments ago, and one of its pairs removed since
        Path roster = roster("roster.csv", 4);
        Launched first = launchJob(roster, Action.ESTABLISH);
        Path leaving = Files.write(dir.resolve("remove.csv"), List.of("username,system_id", "user2,frontera"));
        assertThat(launchJob(leaving, Action.REMOVE).status()).isEqualTo(BatchStatus.COMPLETED);
        simulator.resetCounters();

        // when: the roster again (a new instance: the first completed)
        Launched again = launchJob(roster, Action.ESTABLISH);

        // then
        Map<Long, RowOutcome> rows = outcomesOf(again);
        assertThat(again.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(pairsWith(rows, Outcome.CREATED)).containsExactly("frontera/user2");
        assertThat(simulator.hasCredential("frontera", "user2")).isTrue();
        assertThat(pairsWith(rows, Outcome.RECENTLY_VERIFIED)).hasSize(11 - pairsWith(rows, Outcome.ALREADY_PRESENT).size());
    }

    @Test
    void aPairFoundWorkingOnAnotherTenantIsCheckedOnThisOne() throws Exception {
        // given
        Path roster = roster("roster.csv", 3);
        launchJob(roster, Action.ESTABLISH);

        // when: the same roster on another tenant, which has none of the credentials
        restartSimulator();
        Launched other = launchJob(roster, Action.ESTABLISH);

        // then
        assertThat(kinds(outcomesOf(other)).values()).containsOnly(Outcome.CREATED).hasSize(9);
    }
}
