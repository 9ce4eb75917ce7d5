package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A system whose host does not answer SSH: Tapis answers checks of stored credentials with
 * {@code SYSLIB_CRED_CONN_FAIL}. Nothing can be concluded from such an answer, so nothing stored is ever
 * replaced; a user with nothing stored gets keys once (a create does not connect to the host), left UNVERIFIED;
 * and after a few such answers in a row the run stops asking.
 */
class UnreachableHostFunctionalTests extends JobTestSupport {
    private static final int USERS = 40;

    @TempDir
    Path dir;

    /** jdoe and pchen (stored on stampede3 in the sample tenant) and 40 new users, on stampede3, then on frontera. */
    private Path cohort() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id", "jdoe,stampede3", "pchen,stampede3"));
        for (int user = 0; user < USERS; user++) {
            lines.add("user" + user + ",stampede3");
        }
        for (int user = 0; user < 10; user++) {
            lines.add("user" + user + ",frontera");
        }
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    @Test
    void twoEstablishRunsOverAHostThatIsDownMintNothingTwiceAndFailEveryRowOfThatSystem() throws Exception {
        // given
        Path cohort = cohort();
        simulator.setHostDown("stampede3", true);

        // when: the file runs, completes, and runs again (a scheduled re-run: a fresh instance)
        Launched first = launchJob(cohort, Action.ESTABLISH);
        int checksOfFirstRun = simulator.calls(Endpoint.CHECK_CREDENTIAL);
        Launched second = launchJob(cohort, Action.ESTABLISH);

        // then: every row of the system whose host is down FAILED or is UNVERIFIED (new keys stored), the host
        // named, and no key was minted twice
        for (Launched run : List.of(first, second)) {
            assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
            Map<Long, RowOutcome> rows = outcomesOf(run);
            assertThat(rows).hasSize(2 + USERS + 10);
            assertThat(rows.values()).filteredOn(row -> row.systemId().equals("stampede3")).hasSize(2 + USERS)
                    .allSatisfy(row -> {
                        assertThat(row.outcome()).isIn(Outcome.FAILED, Outcome.UNVERIFIED);
                        assertThat(row.tapisCode()).isEqualTo("SYSLIB_CRED_CONN_FAIL");
                        assertThat(row.message()).contains("host");
                    });
            assertThat(rows.values()).filteredOn(row -> row.outcome() == Outcome.UNVERIFIED)
                    .allSatisfy(row -> assertThat(simulator.hasCredential("stampede3", row.username())).isTrue());
            assertThat(rows.values()).filteredOn(row -> row.message().startsWith("skipped: host unreachable"))
                    .as("after 5 unreachable answers in a row the rest cost no call").hasSizeGreaterThan(USERS / 2);
            assertThat(outcomes.unreachableHosts(run.instanceId(), run.executionId()))
                    .containsExactly(Map.entry("stampede3", 2L + USERS));
        }
        assertThat(second.instanceId()).isNotEqualTo(first.instanceId());
        assertThat(kinds(outcomesOf(first))).containsValue(Outcome.CREATED);
        assertThat(outcomesOf(second).values()).filteredOn(row -> row.systemId().equals("frontera"))
                .extracting(RowOutcome::outcome).containsOnly(Outcome.ALREADY_PRESENT);
        assertThat(simulator.keysMinted("stampede3", "jdoe")).as("stored keys never replaced").isZero();
        assertThat(simulator.keysMinted("stampede3", "pchen")).isZero();
        for (int user = 0; user < USERS; user++) {
            assertThat(simulator.keysMinted("stampede3", "user" + user)).as("user%d", user).isLessThanOrEqualTo(1);
        }
        assertThat(checksOfFirstRun).as("a host that is down costs a few calls, not a run: without giving it up, "
                + "every row would cost a check and a check of its new keys").isLessThan(2 * (2 + USERS));
    }

    @Test
    void keysStoredButNotVerifiedAreFoundByTheNextRunOnceTheHostIsBack() throws Exception {
        // given: a run whose creates on stampede3 stored keys the host could not verify
        Path cohort = Files.write(dir.resolve("two.csv"), List.of("username,system_id", "newbie,stampede3"));
        simulator.setHostDown("stampede3", true);
        Launched first = launchJob(cohort, Action.ESTABLISH);
        assertThat(outcomesOf(first).get(2L).outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(outcomesOf(first).get(2L).message()).startsWith("TMS keys created and stored; not verified: Tapis "
                + "could not reach the host (SYSLIB_CRED_CONN_FAIL)");

        // when: the host is back and the file runs again
        simulator.setHostDown("stampede3", false);
        Launched second = launchJob(cohort, Action.ESTABLISH);

        // then
        assertThat(outcomesOf(second).get(2L).outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(simulator.keysMinted("stampede3", "newbie")).isEqualTo(1);
    }

    @Test
    void removesGoOnWhileTheHostIsDownAndAResetSaysItsNewKeysAreNotVerified() throws Exception {
        // given
        Path input = Files.write(dir.resolve("mixed.csv"), List.of("username,system_id,action", "jdoe,stampede3,remove",
                "pchen,stampede3,reset"));
        simulator.setHostDown("stampede3", true);

        // when
        Launched run = launchJob(input, Action.ESTABLISH);

        // then
        Map<Long, RowOutcome> rows = outcomesOf(run);
        assertThat(rows.get(2L).outcome()).as("a remove does not connect to the host").isEqualTo(Outcome.REMOVED);
        assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
        assertThat(rows.get(3L).outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(rows.get(3L).message()).startsWith("credential removed; TMS keys created and stored; not verified: "
                + "Tapis could not reach the host");
        assertThat(simulator.keysMinted("stampede3", "pchen")).isEqualTo(1);
    }
}
