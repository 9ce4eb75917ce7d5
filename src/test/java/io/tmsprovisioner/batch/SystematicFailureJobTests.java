package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.report.ExecutionHistory;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows that keep failing for one reason stop the job early; rows failing for their own reasons do not. */
class SystematicFailureJobTests extends JobTestSupport {
    private static final List<String> SYSTEMS = List.of("designsafe.storage.default", "stampede3", "frontera", "ls6");

    @TempDir
    Path dir;

    /** 400 new users, each on the four TMS systems of the sample tenant. */
    private Path cohort() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < 100; user++) {
            for (String system : SYSTEMS) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    private void logInAs(String username) {
        SimulatorState.Account account = Samples.state().accounts().stream()
                .filter(a -> a.username().equals(username)).findFirst().orElseThrow();
        tapis.target = simulatorClient(simulator.baseUrl(),
                new TapisCredentials.Login(account.username(), new Secret(account.password())));
    }

    @Test
    void aCallerWithoutRightsStopsAfterAStreakAndTheRightCallerResumes() throws Exception {
        // given: alice owns none of the systems and is no tenant admin
        Path cohort = cohort();
        logInAs("alice");

        // when
        JobExecution execution = launcher.launch(RunRequests.realRun(cohort, Action.ESTABLISH, simulator.baseUrl()));
        Launched stopped = new Launched(execution.getStatus(), execution.getJobInstanceId(), execution.getId(),
                history.overview(execution).failures());

        // then: stopped after about one streak (the chunk of the row that completed it is not recorded)
        assertThat(stopped.status()).isEqualTo(BatchStatus.FAILED);
        Map<Long, Outcome> recorded = kinds(outcomesOf(stopped));
        assertThat(recorded.size()).isLessThan(FailureStreak.DEFAULT_LENGTH);
        assertThat(recorded.values()).containsOnly(Outcome.FAILED);
        // which systems the last 20 rows name depends on which threads finished last: 3 or all 4 of them
        assertThat(history.overview(execution).failures()).singleElement().asString()
                .matches("the last 20 rows that reached Tapis all FAILED with HTTP 403 SYSLIB_UNAUTH, on [34] systems "
                        + "\\([a-z0-9., ]+\\): the caller may not manage these users' credentials .*");
        assertThat(simulator.calls(Endpoint.GET_SYSTEM)).as("each system's refusal is remembered for its other rows")
                .isEqualTo(SYSTEMS.size());
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).as("no row goes past its system's refusal").isZero();

        // when: the same file runs again as a caller with the rights
        logInAs(Samples.ADMIN);
        Launched resumed = launchJob(cohort, Action.ESTABLISH);

        // then: the same instance finishes; only the rows recorded before the stop stay FAILED
        assertThat(resumed.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
        Map<Long, Outcome> all = kinds(outcomesOf(resumed));
        assertThat(all).hasSize(400);
        assertThat(all.values().stream().filter(Outcome.FAILED::equals).count()).isEqualTo(recorded.size());
        assertThat(simulator.totalKeysMinted()).isEqualTo(400 - recorded.size());
    }

    @Test
    void manyConsecutiveLinesOfOneBadSystemDoNotStopTheRun() throws Exception {
        // given: 60 lines in a row on a retired system, then 60 on one the caller may not manage
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < 60; user++) {
            lines.add("user" + user + ",hpc.retired-2019");
        }
        for (int user = 0; user < 60; user++) {
            lines.add("user" + user + ",lonestar.private");
        }
        lines.add("newuser,stampede3");

        // when
        Launched execution = launchJob(Files.write(dir.resolve("bad-systems.csv"), lines), Action.ESTABLISH);

        // then
        assertThat(execution.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, Outcome> outcomes = kinds(outcomesOf(execution));
        assertThat(outcomes).hasSize(121);
        assertThat(outcomes.values().stream().filter(Outcome.FAILED::equals).count()).isEqualTo(120);
        assertThat(outcomes.get(122L)).isEqualTo(Outcome.CREATED);
    }
}
