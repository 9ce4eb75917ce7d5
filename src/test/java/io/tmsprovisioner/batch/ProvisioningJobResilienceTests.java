package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job at concurrency 16 against a Tapis that misbehaves: the result must not change.
 *
 * <p>With 15% of requests failing, a call fails all of 5 attempts (the default) with probability
 * 0.15^5 = 7.6e-5: over the 800-odd calls of the faulty run below, some row FAILED in about one run
 * in 16, rightly, and the comparison with the clean run failed. 12 attempts make that 1.3e-10 per call,
 * as an administrator facing such a Tapis would set {@code --max-attempts}.
 */
@TestPropertySource(properties = "tms.max-attempts=12")
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

    /** The cohort, then resets of 10 users' keys on stampede3 and removes of 10 others' on frontera: 440 rows. */
    private Path cohortWithResetsAndRemoves() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(cohort()));
        lines.set(0, "username,system_id,action");
        for (int user = 0; user < 10; user++) {
            lines.add("user" + user + ",stampede3,reset");
            lines.add("user" + (10 + user) + ",frontera,remove");
        }
        return Files.write(dir.resolve("cohort-with-changes.csv"), lines);
    }

    /** The sample tenant, whose tokens live 3 seconds: a run renews its token every second or two. */
    private static SimulatorState shortLivedTokens() {
        SimulatorState sample = Samples.state();
        return new SimulatorState(3, sample.accounts(), sample.systems(), sample.credentials());
    }

    @Test
    void realTapisFaultsOnEveryEndpointARateLimitAndShortTokensChangeNothingInTheResult() throws Exception {
        // given: the outcome of a clean run
        Path cohort = cohortWithResetsAndRemoves();
        restartSimulator(shortLivedTokens());
        Launched clean = launchJob(cohort, Action.ESTABLISH);
        assertThat(clean.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, Outcome> cleanOutcomes = kinds(outcomesOf(clean));
        Set<String> cleanCredentials = simulator.credentialPairs();
        Map<String, Integer> cleanMints = mintsPerPair(cohort);

        // when: the same file runs against a fresh Tapis that answers 10% of all requests (tokens included) with
        // a 5xx, some after the effect, drops 2% of connections, loses 2% of the answers to creates and removes
        // after their effect, lets 300 requests a second through, and whose tokens live 3 seconds
        restartSimulator(shortLivedTokens());
        simulator.setServerErrorRate(0.10);
        simulator.setDropRate(0.02);
        simulator.setLostAnswerRate(0.02);
        simulator.setRateLimit(300, 30);
        Launched faulty = launchJob(cohort, Action.ESTABLISH);

        // then
        assertThat(faulty.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(faulty))).isEqualTo(cleanOutcomes);
        assertThat(simulator.credentialPairs()).isEqualTo(cleanCredentials);
        assertThat(mintsPerPair(cohort)).as("no key minted twice").isEqualTo(cleanMints);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 503)).as("faults were injected").isPositive();
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 500) + simulator.calls(Endpoint.CREATE_CREDENTIAL, 504))
                .as("creates answered with a 5xx, some after taking effect").isPositive();
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 0)).as("answers lost").isPositive();
        assertThat(IntStream.of(429).map(status -> simulator.calls(Endpoint.CHECK_CREDENTIAL, status)
                + simulator.calls(Endpoint.GET_SYSTEM, status) + simulator.calls(Endpoint.CREATE_CREDENTIAL, status)
                + simulator.calls(Endpoint.REMOVE_CREDENTIAL, status) + simulator.calls(Endpoint.TOKEN, status)).sum())
                .as("the rate limit was hit").isPositive();
        assertThat(simulator.calls(Endpoint.TOKEN, 200)).as("tokens were renewed").isGreaterThan(1);
        assertThat(outcomesOf(faulty).values()).anySatisfy(row -> assertThat(row.attempts()).isGreaterThan(1));
    }

    /** Key pairs TMS minted for each pair of the file. */
    private Map<String, Integer> mintsPerPair(Path input) throws Exception {
        Map<String, Integer> mints = new TreeMap<>();
        for (String line : Files.readAllLines(input).subList(1, Files.readAllLines(input).size())) {
            String[] cells = line.split(",");
            mints.put(cells[1] + "/" + cells[0], simulator.keysMinted(cells[1], cells[0]));
        }
        return mints;
    }

    @Test
    void a500ToACreateOrRemoveIsALostAnswerAndEndsWithTheOutcomesOfACleanRun() throws Exception {
        // given: the first 4 creates and the first remove do their work, then answer 500 (TMS minted, the
        // secret write failed, nothing rolled back); the next 2 creates answer 500 without doing anything
        simulator.failCalls(Endpoint.CREATE_CREDENTIAL, 1, 4, Fault.INTERNAL_ERROR_AFTER_EFFECT);
        simulator.failCalls(Endpoint.CREATE_CREDENTIAL, 5, 2, Fault.INTERNAL_ERROR);
        simulator.failCalls(Endpoint.REMOVE_CREDENTIAL, 1, 1, Fault.INTERNAL_ERROR_AFTER_EFFECT);

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: no row FAILED for it, and no key minted twice
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 500)).isEqualTo(6);
        assertThat(simulator.totalKeysMinted()).as("a check told which creates had taken effect").isEqualTo(13);
        assertThat(outcomesOf(run).values()).filteredOn(row -> row.message().contains("a check found them stored"))
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aSustainedRateLimitSlowsTheRunDownWithoutFailingARowOrUsingUpItsAttempts() throws Exception {
        // given: Tapis lets 40 requests a second through, in bursts of 4
        simulator.setRateLimit(40, 4);

        // when
        Launched limited = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: the outcomes of an unlimited run, every row in one attempt
        assertThat(limited.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(limited))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(outcomesOf(limited).values()).filteredOn(row -> row.attempts() > 0)
                .allSatisfy(row -> assertThat(row.attempts()).as("line %d", row.lineNumber()).isEqualTo(1));
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 429) + simulator.calls(Endpoint.CREATE_CREDENTIAL, 429)
                + simulator.calls(Endpoint.GET_SYSTEM, 429)).as("the limit was hit").isPositive();
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }

    @Test
    void aRetryAfterBeyondFiveMinutesStopsTheJobAsAnOutageAndTheSameCommandFinishesLater() throws Exception {
        // given: from the 10th check on, Tapis asks to come back in 10 minutes
        atCheck(10, () -> simulator.setTooManyRequests(1.0, 600));

        // when
        Launched stopped = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(stopped.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(exitDescription(stopped)).contains("Tapis asks to wait 600 s, longer than a run waits (5 min)");
        assertThat(outcomesOf(stopped).values()).noneMatch(row -> row.message().contains("429"));

        // when: the limit is lifted and the same command runs again
        simulator.clearFaults();
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertEndedAsOneUninterruptedRun(resumed);
    }

    @Test
    void aRenewalAnswered500IsTriedAgainInsteadOfStoppingTheJob() throws Exception {
        // given: at the 20th check (after the first login: rows start 16 at a time) every token expires, and the
        // login that renews it first gets a 500
        atCheck(20, () -> {
            simulator.expireAllTokens();
            simulator.failCalls(Endpoint.TOKEN, 1, 1, Fault.INTERNAL_ERROR);
        });

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.calls(Endpoint.TOKEN, 500)).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.TOKEN, 200)).isGreaterThan(1);
    }

    @Test
    void renewalsThatKeepFailingStopTheJobAsAnOutageAndTheSameCommandFinishesLater() throws Exception {
        // given: at the 20th check (after the first login) every token expires, and the token endpoint answers
        // 500 from then on
        atCheck(20, () -> {
            simulator.expireAllTokens();
            simulator.failFrom(Endpoint.TOKEN, 1, Fault.INTERNAL_ERROR);
        });

        // when
        Launched stopped = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(stopped.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(exitDescription(stopped)).contains("Tapis is unavailable")
                .contains("POST /v3/oauth2/tokens answered HTTP 500").doesNotContain("refused the login");
        assertThat(outcomesOf(stopped).values()).noneMatch(row -> row.outcome() == Outcome.FAILED
                && row.message().contains("oauth2"));

        // when: the token endpoint recovers and the same command runs again
        simulator.clearFaults();
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
        assertEndedAsOneUninterruptedRun(resumed);
    }

    private static String exitDescription(Launched execution) {
        return String.join("\n", execution.failures());
    }

    @Test
    void anOutageStopsTheJobAndALaterRunFinishesWithoutLosingOrDoublingARow() throws Exception {
        // given: Tapis goes down for good after 100 checks
        Path cohort = cohort();
        atCheck(100, () -> simulator.setOutage(true));

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
