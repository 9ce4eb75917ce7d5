package io.tmsprovisioner.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorStateTest {

    private static SimulatorState read(String json) {
        return SimulatorState.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheSampleTenant() {
        SimulatorState state = SimulatorState.read(Samples.SIMULATOR_STATE);

        assertThat(state.tokenLifetimeSeconds()).isEqualTo(14_400);
        assertThat(state.accounts()).containsExactly(
                new Account("tms-admin", "demo-password-not-secret", false),
                new Account("alice", "alice-demo-password", false));
        assertThat(state.systems()).hasSize(8)
                .contains(new SystemDef("vista", "TMS_KEYS", "tms-admin", true, false),
                        new SystemDef("designsafe.storage.community", "PASSWORD", "tms-admin", false, false),
                        new SystemDef("corral.pki", "PKI_KEYS", "tms-admin", false, false),
                        new SystemDef("lonestar.private", "TMS_KEYS", "other-owner", false, false));
        assertThat(state.credentials()).hasSize(7)
                .contains(new Credential("frontera", "asmith"), new Credential("stampede3", "pchen"));
    }

    @Test
    void optionalFieldsDefault() {
        SimulatorState state = read("""
                {"accounts": [{"username": "u", "password": "p"}],
                 "systems": [{"id": "s", "defaultAuthnMethod": "TMS_KEYS", "owner": "u"}]}
                """);

        assertThat(state.tokenLifetimeSeconds()).isEqualTo(SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS);
        assertThat(state.tenant()).isEqualTo("designsafe");
        assertThat(state.tms()).isEqualTo(TmsSetup.MVP);
        assertThat(state.accounts().get(0).tenantAdmin()).isFalse();
        SystemDef system = state.systems().get(0);
        assertThat(system.hostCheckFails()).isFalse();
        assertThat(system.host()).isEqualTo("s.example.org");
        assertThat(system.systemType()).isEqualTo("LINUX");
        assertThat(system.effectiveUserId()).isEqualTo("${apiUserId}");
        assertThat(system.hasStaticEffectiveUser()).isFalse();
        assertThat(state.credentials()).isEmpty();
    }

    @Test
    void readsTheTenantsTmsSetupAndWhereEachSystemLives() {
        SimulatorState state = read("""
                {"tenant": "tacc", "tms": "DELEGATION_REQUIRED",
                 "accounts": [{"username": "u", "password": "p"}],
                 "systems": [{"id": "a", "defaultAuthnMethod": "TMS_KEYS", "owner": "u", "host": "login.example.org"},
                             {"id": "b", "defaultAuthnMethod": "TMS_KEYS", "owner": "u", "host": "login.example.org",
                              "effectiveUserId": "svc"},
                             {"id": "c", "defaultAuthnMethod": "ACCESS_KEY", "owner": "u", "systemType": "S3"}]}
                """);

        assertThat(state.tenant()).isEqualTo("tacc");
        assertThat(state.tms()).isEqualTo(TmsSetup.DELEGATION_REQUIRED);
        assertThat(state.systems()).containsExactly(
                new SystemDef("a", "TMS_KEYS", "u", false, false, "login.example.org", "LINUX", "${apiUserId}"),
                new SystemDef("b", "TMS_KEYS", "u", false, false, "login.example.org", "LINUX", "svc"),
                new SystemDef("c", "ACCESS_KEY", "u", false, false, "c.example.org", "S3", "${apiUserId}"));
        assertThat(state.systems().get(1).hasStaticEffectiveUser()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"systems\": [                                                   | not valid JSON",
        "[]                                                                | must be a JSON object",
        "{\"acounts\": []}                                                 | unknown property 'acounts'",
        "{\"tokenLifetimeSeconds\": \"4h\"}                                | tokenLifetimeSeconds must be a whole number",
        "{\"tokenLifetimeSeconds\": 0}                                     | tokenLifetimeSeconds must be positive",
        "{\"accounts\": {}}                                                | accounts must be a JSON array",
        "{\"accounts\": [{\"username\": \"u\"}]}                           | accounts[0].password must be a non-empty string",
        "{\"accounts\": [{\"username\": \"u\", \"password\": \"p\", \"tenantAdmin\": \"yes\"}]} | accounts[0].tenantAdmin must be true or false",
        "{\"systems\": [{\"id\": \"s\", \"defaultAuthnMethod\": \"SSH\", \"owner\": \"o\"}]} | unknown defaultAuthnMethod 'SSH'",
        "{\"systems\": [{\"id\": \"s\", \"defaultAuthnMethod\": \"TMS_KEYS\", \"owner\": \"o\", \"hostCheckFail\": true}]} | systems[0]: unknown property 'hostCheckFail'",
        "{\"systems\": [{\"id\": \"s\", \"defaultAuthnMethod\": \"TMS_KEYS\", \"owner\": \"o\"}, {\"id\": \"s\", \"defaultAuthnMethod\": \"PASSWORD\", \"owner\": \"o\"}]} | duplicate system id 's'",
        "{\"credentials\": [{\"systemId\": \"nowhere\", \"username\": \"u\"}]} | names unknown system 'nowhere'",
        "{\"tenant\": \"\"}                                               | tenant must be a non-empty string",
        "{\"tms\": \"maybe\"}                                             | tms must be one of [MVP, DELEGATION_REQUIRED",
        "{\"systems\": [{\"id\": \"s\", \"defaultAuthnMethod\": \"TMS_KEYS\", \"owner\": \"o\", \"systemType\": \"WINDOWS\"}]} | unknown systemType 'WINDOWS'",
        "{\"systems\": [{\"id\": \"s\", \"defaultAuthnMethod\": \"TMS_KEYS\", \"owner\": \"o\", \"host\": 7}]} | systems[0].host must be a non-empty string",
    })
    void badJsonIsRefusedNamingTheProblem(String json, String problem) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void aFileProblemNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"accounts\": 1}");

        assertThatThrownBy(() -> SimulatorState.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("accounts must be a JSON array");
    }
}
