package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary says how existence was decided; {@code --no-listing} sends no listing at all. */
class ListingCliTests extends CliTestSupport {

    @Test
    void theSampleAdministratorMayNotImpersonateAndTheSummarySaysSo() throws Exception {
        Path input = Files.copy(Samples.ONBOARDING, dir.resolve("cohort.csv"));

        CliRunner.Result result = run(loginEnv(), input);

        assertThat(result.out()).contains("Existence: SSH check per pair (Tapis's listing refused: the caller may not "
                + "impersonate users, only tenant admins may (HTTP 403 SYSLIB_UNAUTH_IMPERSONATE))");
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS, 403)).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isEqualTo(1);
    }

    @Test
    void noListingSendsNone() throws Exception {
        Path input = Files.copy(Samples.ONBOARDING, dir.resolve("cohort.csv"));

        CliRunner.Result result = run(loginEnv(), input, "--no-listing");

        assertThat(result.out()).contains("Existence: SSH check per pair (--no-listing)");
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isZero();
    }
}
