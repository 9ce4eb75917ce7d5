package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.batch.step.PacingFigures;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.pacing.HostFigures;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.SshHostCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pace at its defaults against Systems' own connect throttle (8 connects a host in any 4 s; a connect beyond
 * sleeps 4 to 12 s): a run over several hosts, two systems sharing one, keeps every host within it.
 */
@TestPropertySource(properties = "tms.pacing.enabled=true")
class PacingFunctionalTests extends JobTestSupport {
    private static final int USERS = 6;
    private static final String LOGIN_HOST = "login.stampede3.example.org";

    @TempDir
    Path dir;

    @Autowired
    PacingFigures pacing;
    @Autowired
    StopRequest stopRequest;

    /** stampede3 and stampede3.dtn share a login host; frontera has its own; half the users hold a credential. */
    private void startTenant() {
        SimulatorState sample = Samples.state();
        List<SystemDef> systems = List.of(
                new SystemDef("stampede3", "TMS_KEYS", Samples.ADMIN, false, false, LOGIN_HOST, "LINUX", "${apiUserId}"),
                new SystemDef("stampede3.dtn", "TMS_KEYS", Samples.ADMIN, false, false, LOGIN_HOST, "LINUX",
                        "${apiUserId}"),
                new SystemDef("frontera", "TMS_KEYS", Samples.ADMIN, false, false));
        List<Credential> stored = new ArrayList<>();
        for (int user = 0; user < USERS / 2; user++) {
            for (SystemDef system : systems) {
                stored.add(new Credential(system.id(), "user" + user));
            }
        }
        restartSimulator(new SimulatorState(sample.tokenLifetimeSeconds(), sample.accounts(), systems, stored));
        simulator.setTapisSshThrottle();
        simulator.setVerifyLatency(Duration.ofMillis(50));
    }

    /** Every user on every system: 12 rows on the shared login host, 6 on frontera's. */
    private Path cohort() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < USERS; user++) {
            for (String system : List.of("stampede3", "stampede3.dtn", "frontera")) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    @Test
    void atItsDefaultsThePaceKeepsEveryHostWithinSystemsThrottle() throws Exception {
        // given: 12 rows on the shared login host (6 checks that connect, 6 creates whose keys are checked: 12
        // connects, more than the 8 Systems admits in 4 s) and 6 on frontera's
        startTenant();
        Path input = cohort();

        // when
        Launched run = launchJob(input, Action.ESTABLISH);

        // then: no connect slept in the throttle, yet every one was made
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run)).values()).containsOnly(Outcome.ALREADY_PRESENT, Outcome.CREATED);
        Map<String, SshHostCounts> hosts = simulator.sshHosts();
        assertThat(hosts.get(LOGIN_HOST).connects()).as("more than one window's worth").isEqualTo(2 * USERS);
        assertThat(simulator.throttledConnects()).as("throttled connects").isZero();
        assertThat(pacing.hosts()).extracting(HostFigures::host).containsExactly("frontera.example.org", LOGIN_HOST);
        assertThat(pacing.hosts()).allSatisfy(host -> {
            assertThat(host.slow()).as("no connect took seconds longer than the others").isZero();
            assertThat(host.pace()).as("Systems' 8, or a probe above it").isGreaterThanOrEqualTo(8);
        });
    }

    @Test
    void underFaultsAndAStopThePaceStillKeepsTheHostWithinTheThrottleAndTheResumedRunMintsEachKeyOnce()
            throws Exception {
        // given: 10% of calls answered 5xx (the token endpoint too), frontera's host down, the creates' writes slow,
        // and a stop asked for at the 8th check, while the login host's later rows wait for its next window
        startTenant();
        simulator.setServerErrorRate(0.1);
        simulator.setHostDown("frontera", true);
        simulator.setWriteLatency(Duration.ofMillis(100));
        atCheck(8, stopRequest::request);
        Path input = cohort();

        // when
        Launched stopped = launchJob(input, Action.ESTABLISH);

        // then: the rows waiting for their turn gave up instead of connecting; none of the connects made slept
        assertThat(stopped.status()).isEqualTo(BatchStatus.STOPPED);
        assertThat(outcomeRows(stopped.instanceId())).isLessThan(3 * USERS);
        assertThat(simulator.throttledConnects()).as("throttled connects before the stop").isZero();

        // when: the same command runs again (its pace starts afresh, so Tapis's window may still hold the stopped
        // run's connects: only the outcomes are asserted from here)
        tapis.beforeCheck = () -> { };
        Launched resumed = launchJob(input, Action.ESTABLISH);

        // then: every row has its outcome, and each missing pair got one key pair
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
        Map<Long, Outcome> all = kinds(outcomesOf(resumed));
        assertThat(all).hasSize(3 * USERS);
        for (int user = 0; user < USERS; user++) {
            boolean stored = user < USERS / 2;
            for (String system : List.of("stampede3", "stampede3.dtn", "frontera")) {
                assertThat(simulator.keysMinted(system, "user" + user)).as("keys minted for user%d on %s", user, system)
                        .isEqualTo(stored ? 0 : 1);
            }
        }
        assertThat(all.values()).as("frontera's host is down: its stored credentials cannot be verified, nor new keys")
                .containsOnly(Outcome.ALREADY_PRESENT, Outcome.CREATED, Outcome.FAILED, Outcome.UNVERIFIED);
        assertThat(all.values().stream().filter(Outcome.FAILED::equals).count()).isEqualTo(USERS / 2);
        assertThat(all.values().stream().filter(Outcome.UNVERIFIED::equals).count()).isEqualTo(USERS / 2);
    }
}
