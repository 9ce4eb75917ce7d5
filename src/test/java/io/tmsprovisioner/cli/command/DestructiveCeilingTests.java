package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A real run that would remove or reset more credentials than --max-destructive is refused before anything is sent. */
class DestructiveCeilingTests extends CliTestSupport {

    /** 101 onboarding rows without an action, two removals, one reset, one rejected remove and one duplicate remove. */
    private Path cohort() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id,action"));
        for (int user = 0; user < 101; user++) {
            lines.add("user" + user + ",stampede3,");
        }
        lines.addAll(List.of("leaver1,frontera,remove", "leaver2,frontera,remove", "leaver2,frontera,remove",
                "bad name,frontera,remove", "pchen,stampede3,reset"));
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    private String status() {
        return CliRunner.run(Map.of(), "status", "--repository-url", repository).out();
    }

    @Test
    void aMistakenDefaultResetIsRefusedWithTheCountsAndNothingIsSentOrRecorded() throws Exception {
        // when: the onboarding file runs with --action reset by mistake
        Result refused = run(loginEnv(), cohort(), "--action", "reset");

        // then: 101 rows reset by default, one by its own action; two valid removals (the duplicate and the
        // rejected row are never sent)
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("cohort.csv would remove 2 and reset 102 credential(s) (104 in all), "
                        + "more than --max-destructive 100", "Nothing was started", "--dry-run",
                "confirm with --max-destructive 104").doesNotContain("\tat ");
        assertThat(simulator.totalCalls()).as("not even a login").isZero();
        assertThat(status()).contains("No executions recorded");
    }

    @Test
    void theSameFileRunsWithTheDefaultActionOrAsADryRunOrOnceConfirmed() throws Exception {
        Path cohort = cohort();

        // when: the intended action (establish by default) touches 3 credentials
        Result establish = run(loginEnv(), cohort, "--max-destructive", "3");

        // then
        assertThat(establish.exitCode()).as(establish.out() + establish.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(establish.out()).contains("Of these, 2 remove and 1 reset a credential (--max-destructive 3)");
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL)).isEqualTo(3);

        // when: a dry run of the mistaken reset is not limited
        Result dryRun = run(loginEnv(), cohort, "--action", "reset", "--dry-run");

        // then
        assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(dryRun.out()).contains("Of these, 2 remove and 102 reset a credential (a dry run changes nothing)",
                "WOULD_RESET");

        // when: the reset is confirmed with the count the refusal named
        int removesBefore = simulator.calls(Endpoint.REMOVE_CREDENTIAL);
        Result confirmed = run(loginEnv(), cohort, "--action", "reset", "--max-destructive", "104");

        // then
        assertThat(confirmed.exitCode()).as(confirmed.out() + confirmed.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL) - removesBefore).isEqualTo(104);
    }

    @Test
    void theCeilingComesFromConfigurationLikeEveryOption() throws Exception {
        Path input = Files.writeString(dir.resolve("leavers.csv"), "username,system_id\njdoe,stampede3\npchen,stampede3\n");
        Map<String, String> env = new HashMap<>(loginEnv());
        env.put("TMS_MAX_DESTRUCTIVE", "1");

        Result refused = run(env, input, "--action", "remove");
        Result negative = run(loginEnv(), input, "--max-destructive", "-1");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("would remove 2 and reset 0 credential(s) (2 in all), more than "
                + "--max-destructive 1");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("--max-destructive must be 0 or more");
        assertThat(simulator.totalCalls()).isZero();
    }
}
