package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
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
    void aSyncedRosterRemovesWhoLeftItAndSaysSoAndTheCeilingCountsThem() throws Exception {
        assertThat(run(loginEnv(), roster("amy,stampede3", "ben,stampede3", "cat,frontera"), "--sync",
                "--roster", "allocation-42").exitCode()).isEqualTo(ExitCodes.OK);
        Path night2 = roster("amy,stampede3");

        Result refused = run(loginEnv(), night2, "--sync", "--roster", "allocation-42", "--max-destructive", "1");
        Result dry = run(loginEnv(), night2, "--sync", "--roster", "allocation-42", "--dry-run");
        Result synced = run(loginEnv(), night2, "--sync", "--roster", "allocation-42");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--sync would remove 2 pair(s) that earlier runs of roster allocation-42 "
                + "created and the file no longer lists").contains("Nothing was started");
        assertThat(dry.out()).contains("Sync of roster allocation-42: 2 pair(s) that its earlier runs created are no "
                + "longer listed and would be removed").containsPattern("WOULD_REMOVE\\s+2");
        assertThat(synced.exitCode()).as(synced.out() + synced.err()).isEqualTo(ExitCodes.OK);
        assertThat(synced.out()).contains("Sync of roster allocation-42: 2 pair(s) left the roster (created by its "
                + "earlier runs, no longer listed): 2 REMOVED");
        assertThat(simulator.hasCredential("stampede3", "ben")).isFalse();
        assertThat(simulator.hasCredential("frontera", "cat")).isFalse();
        assertThat(simulator.hasCredential("stampede3", "amy")).isTrue();
    }

    @Test
    void aReverifyPeriodThatIsNotADurationIsAUsageError() throws Exception {
        Result result = run(loginEnv(), roster("jdoe,stampede3"), "--reverify-after", "weekly");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'weekly' is not a duration: write it as 7d, 36h or 90m");
        assertThat(simulator.totalCalls()).isZero();
    }
}
