package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.step.ExistenceFigures;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.CredentialListing;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job with Tapis's credential listing (issue 19, item 4), against the simulator: a tenant admin learns which
 * pairs are present with one listing per user and no SSH check; a system owner, who may not impersonate, is refused
 * once and checks every pair; a TMS pair stored but left out of the listing is found by its check, not created again.
 */
class ListingJobFunctionalTests extends JobTestSupport {
    private static final int USERS = 10;
    private static final List<String> SYSTEMS = List.of("stampede3", "frontera", "ls6");

    @TempDir
    Path dir;
    @Autowired
    ExistenceFigures existence;

    /** Three TMS_KEYS systems and a PASSWORD one, each readable by the users, every user's credential stored. */
    private static SimulatorState tenant(boolean adminMayImpersonate) {
        return tenant(adminMayImpersonate, "");
    }

    /** @param notStored a pair ({@code system/user}) left without a credential */
    private static SimulatorState tenant(boolean adminMayImpersonate, String notStored) {
        List<String> users = new ArrayList<>();
        List<String> credentials = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            users.add("\"user" + user + "\"");
            for (String system : SYSTEMS) {
                if (notStored.equals(system + "/user" + user)) {
                    continue;
                }
                credentials.add("{\"systemId\": \"" + system + "\", \"username\": \"user" + user + "\"}");
            }
        }
        credentials.add("{\"systemId\": \"community\", \"username\": \"user0\"}");
        String readers = String.join(", ", users);
        String json = """
                {"accounts": [{"username": "%s", "password": "%s", "tenantAdmin": %s}],
                 "systems": [{"id": "stampede3", "defaultAuthnMethod": "TMS_KEYS", "owner": "%1$s", "readers": [%s]},
                             {"id": "frontera", "defaultAuthnMethod": "TMS_KEYS", "owner": "%1$s", "readers": [%4$s]},
                             {"id": "ls6", "defaultAuthnMethod": "TMS_KEYS", "owner": "%1$s", "readers": [%4$s]},
                             {"id": "community", "defaultAuthnMethod": "PASSWORD", "owner": "%1$s", "readers": [%4$s]}],
                 "credentials": [%s]}
                """.formatted(Samples.ADMIN, Samples.adminPassword(), adminMayImpersonate, readers,
                String.join(", ", credentials));
        return SimulatorState.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every user on every system, a user's rows together. */
    private Path roster() throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < USERS; user++) {
            for (String system : SYSTEMS) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve("roster.csv"), lines);
    }

    @Test
    void aTenantAdminListsEachUserOnceAndChecksNoPresentPair() throws Exception {
        // given: a caller who may impersonate, and a roster whose every pair is stored
        restartSimulator(tenant(true));
        tapis.listing = true; // the job client passes the listing on to the simulator

        // when
        Launched run = launchJob(roster(), Action.ESTABLISH);

        // then: every row present per the listing, one listing per user, not one check, getSystem or SSH connect
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(run);
        assertThat(rows).hasSize(USERS * SYSTEMS.size());
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
            assertThat(row.message()).isEqualTo(CredentialListing.REGISTERED);
        });
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS, 200)).isEqualTo(USERS);
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isEqualTo(USERS);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isZero();
        assertThat(simulator.calls(Endpoint.GET_SYSTEM)).isZero();
        assertThat(simulator.sshConnects()).isZero();
        assertThat(existence.line()).startsWith("Tapis listing (caller may impersonate): " + USERS + " user(s) listed, "
                + USERS * SYSTEMS.size() + " row(s) found registered");
    }

    @Test
    void aSystemOwnerIsRefusedOnceAndThenEveryPairIsChecked() throws Exception {
        // given: the caller owns every system but is no tenant admin
        restartSimulator(tenant(false));
        tapis.listing = true; // the job client passes the listing on to the simulator

        // when
        Launched run = launchJob(roster(), Action.ESTABLISH);

        // then: one 403, and the usual path for every row
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<Long, RowOutcome> rows = outcomesOf(run);
        assertThat(rows.values()).allSatisfy(row -> {
            assertThat(row.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
            assertThat(row.message()).isEqualTo("credential exists and Tapis validated it");
        });
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS, 403)).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isEqualTo(USERS * SYSTEMS.size());
        assertThat(simulator.sshConnects()).isEqualTo(USERS * SYSTEMS.size());
        assertThat(existence.line()).startsWith("SSH check per pair (").contains("SYSLIB_UNAUTH_IMPERSONATE");
    }

    @Test
    void aTmsPairStoredButNotListedIsFoundByItsCheckAndNotCreatedAgain() throws Exception {
        // given: a tenant whose listing leaves TMS_KEYS out, as Tapis computes hasCredentials; user0 has a TMS pair
        // and a PASSWORD pair stored, and nothing on a new TMS system
        restartSimulator(tenant(true, "frontera/user0"));
        tapis.listing = true; // the job client passes the listing on to the simulator
        simulator.setListingOmitsTmsKeys(true);
        Path input = Files.write(dir.resolve("user0.csv"), List.of("username,system_id", "user0,stampede3",
                "user0,community", "user0,frontera"));

        // when
        Launched run = launchJob(input, Action.ESTABLISH);

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, RowOutcome> rows = outcomesOf(run).values().stream()
                .collect(Collectors.toMap(RowOutcome::systemId, row -> row));
        assertThat(rows.get("stampede3").outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(rows.get("stampede3").message()).isEqualTo("credential exists and Tapis validated it");
        assertThat(rows.get("community").message()).isEqualTo(CredentialListing.REGISTERED);
        assertThat(rows.get("frontera").outcome()).isEqualTo(Outcome.CREATED);
        assertThat(simulator.keysMinted("stampede3", "user0")).as("stored, unlisted: not minted again").isZero();
        assertThat(simulator.keysMinted("frontera", "user0")).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isEqualTo(1);
    }
}
