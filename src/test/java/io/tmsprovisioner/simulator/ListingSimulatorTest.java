package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorClient.Answer;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's {@code getSystems} with {@code hasCredentials} and {@code impersonationId}: what a tenant admin and
 * a system owner get, what the TMS_KEYS switch leaves out, and how the calls are counted.
 */
class ListingSimulatorTest {
    private static final String JSON = """
            {"tenant": "designsafe", "tokenLifetimeSeconds": 3600,
             "accounts": [{"username": "root", "password": "root-pw", "tenantAdmin": true},
                          {"username": "tms-admin", "password": "admin-pw"}],
             "systems": [{"id": "stampede3", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin", "readers": ["jdoe"]},
                         {"id": "frontera", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin", "readers": ["jdoe"]},
                         {"id": "community", "defaultAuthnMethod": "PASSWORD", "owner": "tms-admin", "readers": ["jdoe"]},
                         {"id": "private", "defaultAuthnMethod": "TMS_KEYS", "owner": "tms-admin"}],
             "credentials": [{"systemId": "stampede3", "username": "jdoe"},
                             {"systemId": "community", "username": "jdoe"},
                             {"systemId": "private", "username": "jdoe"}]}
            """;

    private static TapisSimulator start() {
        return TapisSimulator.start(SimulatorState.read(new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8))));
    }

    private static Answer list(SimulatorClient client, String query, String token) throws IOException {
        return client.send(new Request.Builder().url(client.url("/v3/systems").encodedQuery(query).build()), token);
    }

    private static List<String> ids(Answer answer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : answer.json().get("result")) {
            ids.add(item.get("id").stringValue());
        }
        return ids;
    }

    @Test
    void aTenantAdminListsTheSystemsTheUserSeesWithACredentialStored() throws IOException {
        try (TapisSimulator simulator = start()) {
            SimulatorClient client = new SimulatorClient(simulator.baseUrl());
            String root = client.token("root", "root-pw");

            Answer answer = list(client, "listType=ALL&hasCredentials=true&impersonationId=jdoe&select=id,hasCredentials"
                    + "&limit=-1", root);

            assertThat(answer.status()).isEqualTo(200);
            // private holds jdoe's credential, but jdoe may not see it
            assertThat(ids(answer)).containsExactly("community", "stampede3");
            assertThat(answer.json().get("result").get(0).get("hasCredentials").stringValue()).isEqualTo("true");
            assertThat(answer.json().get("metadata").get("recordLimit").intValue()).isEqualTo(-1);
            assertThat(simulator.calls(Endpoint.LIST_SYSTEMS, 200)).isEqualTo(1);
            assertThat(simulator.sshConnects()).isZero();
        }
    }

    @Test
    void aSystemOwnerMayNotImpersonate() throws IOException {
        try (TapisSimulator simulator = start()) {
            SimulatorClient client = new SimulatorClient(simulator.baseUrl());
            String owner = client.token("tms-admin", "admin-pw");

            Answer refused = list(client, "listType=ALL&hasCredentials=true&impersonationId=jdoe&select=id", owner);
            Answer own = list(client, "listType=ALL&select=id", owner);

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("message").stringValue()).startsWith("SYSLIB_UNAUTH_IMPERSONATE ")
                    .contains("System: null Operation: read ImpersonationId: jdoe ResourceTenant: designsafe");
            assertThat(own.status()).as("its own systems, without impersonating").isEqualTo(200);
            assertThat(ids(own)).containsExactly("community", "frontera", "private", "stampede3");
            assertThat(simulator.calls(Endpoint.LIST_SYSTEMS, 403)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.LIST_SYSTEMS)).isEqualTo(2);
        }
    }

    @Test
    void theListingCanLeaveTmsKeysOutAsTapisComputesHasCredentials() throws IOException {
        try (TapisSimulator simulator = start()) {
            SimulatorClient client = new SimulatorClient(simulator.baseUrl());
            String root = client.token("root", "root-pw");
            simulator.setListingOmitsTmsKeys(true);

            Answer answer = list(client, "listType=ALL&hasCredentials=true&impersonationId=jdoe&select=id,hasCredentials"
                    + "&limit=-1", root);

            assertThat(ids(answer)).containsExactly("community");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).as("stored all the same").isTrue();
        }
    }

    @Test
    void withoutALimitAtMostOneHundredAreListed() throws IOException {
        StringBuilder systems = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            systems.append(i == 0 ? "" : ",").append("{\"id\": \"s").append(1000 + i)
                    .append("\", \"defaultAuthnMethod\": \"TMS_KEYS\", \"owner\": \"tms-admin\"}");
        }
        String json = "{\"accounts\": [{\"username\": \"tms-admin\", \"password\": \"admin-pw\"}], \"systems\": ["
                + systems + "]}";
        try (TapisSimulator simulator = TapisSimulator.start(SimulatorState.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))) {
            SimulatorClient client = new SimulatorClient(simulator.baseUrl());
            String owner = client.token("tms-admin", "admin-pw");

            assertThat(ids(list(client, "select=id", owner))).hasSize(100);
            assertThat(ids(list(client, "select=id&limit=-1", owner))).hasSize(120);
            assertThat(ids(list(client, "select=id&limit=-1&skip=110", owner))).hasSize(10);
        }
    }
}
