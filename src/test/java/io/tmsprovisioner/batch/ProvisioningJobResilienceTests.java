package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job at concurrency 16 against a Tapis that misbehaves: the result must not change.
 *
 * <p>With 15% of requests failing, a call fails all of 5 attempts (the default) with probability
 * 0.15^5 = 7.6e-5: over the 800-odd calls of the faulty run below, some row FAILED in about one run
 * in 16, rightly, and the comparison with the clean run failed. 12 attempts make that 1.3e-10 per call,
 * as an administrator facing such a Tapis would set {@code --max-attempts}.
 */
@TestPropertySource(properties = "tms.retry.max-attempts=12")
class ProvisioningJobResilienceTests extends JobTestSupport {
    private static final List<String> SYSTEMS = List.of("designsafe.storage.default", "stampede3", "frontera",
            "ls6", "designsafe.storage.community", "corral.pki", "hpc.retired-2019");

    @TempDir
    Path dir;

    /** 420 establish rows: new users on TMS systems, on systems without TMS keys, and on an unknown system. */
    private Path cohort() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < 60; user++) {
            for (String system : SYSTEMS) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    @Test
    void faultsRetriesAndExpiringTokensChangeNothingInTheResult() throws Exception {
        // given: the outcome of a clean run
        Path cohort = cohort();
        Launched clean = launchJob(cohort, Action.ESTABLISH);
        assertThat(clean.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, Outcome> cleanOutcomes = kinds(outcomesOf(clean));
        Set<String> cleanCredentials = simulator.credentialPairs();
        int cleanKeys = simulator.totalKeysMinted();

        // when: the same file runs against a fresh Tapis that fails 10% of calls with 5xx, drops 2% of
        // connections, answers bursts of 429, and whose tokens expire every 40 checks
        restartSimulator();
        simulator.setServerErrorRate(0.10);
        simulator.setDropRate(0.02);
        simulator.setTooManyRequests(0.03, 0);
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() % 40 == 0) {
                simulator.expireAllTokens();
            }
        };
        Launched faulty = launchJob(cohort, Action.ESTABLISH);

        // then
        assertThat(faulty.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(faulty))).isEqualTo(cleanOutcomes);
        assertThat(simulator.credentialPairs()).isEqualTo(cleanCredentials);
        assertThat(simulator.totalKeysMinted()).as("no create twice").isEqualTo(cleanKeys);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 503)).as("faults were injected").isPositive();
        assertThat(simulator.calls(Endpoint.TOKEN, 201)).as("tokens were renewed").isGreaterThan(1);
        assertThat(outcomesOf(faulty).values()).anySatisfy(row -> assertThat(row.attempts()).isGreaterThan(1));
    }

    @Test
    void anOutageStopsTheJobAndALaterRunFinishesWithoutLosingOrDoublingARow() throws Exception {
        // given: Tapis goes down for good after 100 checks
        Path cohort = cohort();
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 100) {
                simulator.setOutage(true);
            }
        };

        // when
        Launched failed = launchJob(cohort, Action.ESTABLISH);

        // then: the job stops as FAILED, not with hundreds of FAILED rows
        assertThat(failed.status()).isEqualTo(BatchStatus.FAILED);
        int recorded = outcomeRows(failed.instanceId());
        assertThat(recorded).isLessThan(420);
        assertThat(outcomesOf(failed).values()).noneMatch(row -> row.message().contains("Tapis unavailable"));

        // when: Tapis is back and the same command runs again
        simulator.setOutage(false);
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(cohort, Action.ESTABLISH);

        // then
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(failed.instanceId());
        assertThat(outcomeRows(resumed.instanceId())).isEqualTo(420);
        for (String system : List.of("designsafe.storage.default", "stampede3", "frontera", "ls6")) {
            for (int user = 0; user < 60; user++) {
                assertThat(simulator.keysMinted(system, "user" + user)).as("user%d on %s", user, system).isEqualTo(1);
            }
        }
    }

    @Test
    void rowsOfOnePairTakeEffectInFileOrderAtAnyConcurrency() throws Exception {
        // given: 12 pairs, each established, removed, established, removed and established on consecutive
        // lines, so that rows of one pair share a chunk and its threads
        List<String> lines = new ArrayList<>(List.of("username,system_id,action"));
        String[] actions = {"establish", "remove", "establish", "remove", "establish"};
        for (int user = 0; user < 12; user++) {
            for (String action : actions) {
                lines.add("pair" + user + ",stampede3," + action);
            }
        }
        Path input = Files.write(dir.resolve("flapping.csv"), lines);

        // when
        Launched execution = launchJob(input, Action.ESTABLISH);

        // then: every pair saw its rows in file order
        Map<Long, Outcome> outcomes = kinds(outcomesOf(execution));
        Map<Long, Outcome> expected = new TreeMap<>();
        for (int i = 0; i < 60; i++) {
            expected.put(i + 2L, i % 5 % 2 == 0 ? Outcome.CREATED : Outcome.REMOVED);
        }
        assertThat(outcomes).isEqualTo(expected);
        assertThat(simulator.keysMinted("stampede3", "pair7")).isEqualTo(3);
        assertThat(simulator.hasCredential("stampede3", "pair7")).isTrue();
    }
}
