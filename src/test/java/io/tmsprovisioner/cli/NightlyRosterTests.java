package io.tmsprovisioner.cli;

import io.tmsprovisioner.cli.CliRunner.Result;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A roster handed to the tool night after night, as cron does. */
class NightlyRosterTests extends CliTestSupport {

    private Path roster(String... rows) throws IOException {
        return Files.writeString(dir.resolve("roster.csv"), "username,system_id\n" + String.join("\n", rows) + "\n");
    }

    @Test
    void theNextNightARecentlyVerifiedPairIsNotCheckedAndTheSummarySaysSo() throws Exception {
        Path roster = roster("jdoe,stampede3", "newuser,stampede3");
        assertThat(run(loginEnv(), roster, "--reverify-after", "7d").exitCode()).isEqualTo(ExitCodes.OK);
        simulator.resetCounters();

        Result night2 = run(loginEnv(), roster, "--reverify-after", "7d");

        assertThat(night2.exitCode()).as(night2.out() + night2.err()).isEqualTo(ExitCodes.OK);
        assertThat(night2.out()).contains("Pairs found working by an earlier run are checked again once per 7d")
                .containsPattern("RECENTLY_VERIFIED\\s+2");
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isZero();
    }

    @Test
    void aReverifyPeriodThatIsNotADurationIsAUsageError() throws Exception {
        Result result = run(loginEnv(), roster("jdoe,stampede3"), "--reverify-after", "weekly");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'weekly' is not a duration: write it as 7d, 36h or 90m");
        assertThat(simulator.totalCalls()).isZero();
    }
}
