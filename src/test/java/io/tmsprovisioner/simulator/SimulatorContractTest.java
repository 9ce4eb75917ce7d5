package io.tmsprovisioner.simulator;

import io.tmsprovisioner.contract.ContractAnswer;
import io.tmsprovisioner.simulator.SimulatorClient.Answer;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator gives each answer of the contract corpus ({@code src/test/resources/tapis-contract/}) that names a
 * scenario word for word: status, Content-Type and body, but for what Tapis's own values make differ (the version,
 * commit and build stamps, tokens, times) and what the answer's {@code Varies} lines name. Spoken to with a plain
 * HTTP client: the client's reading code has no part in it (that is {@code TapisContractTest}).
 */
class SimulatorContractTest {
    private static final String ADMIN = "tms-admin";
    private static final String ADMIN_PASSWORD = "admin-pw";
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-pw";

    /** Values that are the deployment's or the moment's, not the answer's shape. */
    private static final List<Pattern> STAMPS = List.of(
            Pattern.compile("\"(version|commit|build)\": ?\"[^\"]*\""),
            Pattern.compile("\"(access_token|id_token|jti|expires_at)\":\"[^\"]*\""),
            Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
            Pattern.compile("a difference of \\d+ milliseconds"));

    /** How the scenario's tenant differs from the plain one: stampede3 only, owned by the admin, nothing stored. */
    private record Tenant(boolean jdoeStored, String systemType, String effectiveUserId, boolean aliceReads,
                          boolean hostRefuses) {
        static final Tenant PLAIN = new Tenant(false, "LINUX", "${apiUserId}", false, false);

        Tenant withJdoeStored() {
            return new Tenant(true, systemType, effectiveUserId, aliceReads, hostRefuses);
        }

        String json() {
            return """
                    {"tenant": "designsafe", "tokenLifetimeSeconds": 14400,
                     "accounts": [{"username": "%s", "password": "%s"}, {"username": "%s", "password": "%s"}],
                     "systems": [{"id": "stampede3", "defaultAuthnMethod": "TMS_KEYS", "owner": "%s",
                                  "host": "stampede3.tacc.utexas.edu", "systemType": "%s", "effectiveUserId": "%s",
                                  "hostCheckFails": %s, "readers": [%s]}],
                     "credentials": [%s]}
                    """.formatted(ADMIN, ADMIN_PASSWORD, ALICE, ALICE_PASSWORD, ADMIN, systemType, effectiveUserId,
                    hostRefuses, aliceReads ? "\"alice\"" : "",
                    jdoeStored ? "{\"systemId\": \"stampede3\", \"username\": \"jdoe\"}" : "");
        }
    }

    @FunctionalInterface
    private interface Request {
        Answer send(TapisSimulator simulator, SimulatorClient client) throws IOException;
    }

    private record Scenario(String tenantJson, Request request) {
        Scenario(Tenant tenant, Request request) {
            this(tenant.json(), request);
        }
    }

    /**
     * For the credential listing: tms-admin a tenant admin; alice owns ls6 but is no admin; jdoe may read stampede3,
     * frontera and ls6 and has a credential stored on the first two.
     */
    private static final String LISTING_TENANT = """
            {"tenant": "designsafe", "tokenLifetimeSeconds": 14400,
             "accounts": [{"username": "%s", "password": "%s", "tenantAdmin": true},
                          {"username": "%s", "password": "%s"}],
             "systems": [{"id": "stampede3", "defaultAuthnMethod": "TMS_KEYS", "owner": "%1$s", "readers": ["jdoe"]},
                         {"id": "frontera", "defaultAuthnMethod": "TMS_KEYS", "owner": "%1$s", "readers": ["jdoe"]},
                         {"id": "ls6", "defaultAuthnMethod": "TMS_KEYS", "owner": "%3$s", "readers": ["jdoe"]}],
             "credentials": [{"systemId": "stampede3", "username": "jdoe"},
                             {"systemId": "frontera", "username": "jdoe"}]}
            """.formatted(ADMIN, ADMIN_PASSWORD, ALICE, ALICE_PASSWORD);

    private static final Map<String, Scenario> SCENARIOS = Map.ofEntries(
            entry("check-nothing-stored", new Scenario(Tenant.PLAIN, (sim, c) -> c.check("stampede3", "jdoe", admin(c)))),
            entry("check-valid", new Scenario(Tenant.PLAIN.withJdoeStored(),
                    (sim, c) -> c.check("stampede3", "jdoe", admin(c)))),
            entry("check-host-down", new Scenario(Tenant.PLAIN.withJdoeStored(), (sim, c) -> {
                sim.setHostDown("stampede3", true);
                return c.check("stampede3", "jdoe", admin(c));
            })),
            entry("check-host-refuses", new Scenario(new Tenant(true, "LINUX", "${apiUserId}", false, true),
                    (sim, c) -> c.check("stampede3", "jdoe", admin(c)))),
            entry("create", new Scenario(Tenant.PLAIN, (sim, c) -> c.createTmsKeysUnchecked("stampede3", "jdoe",
                    admin(c)))),
            entry("create-static-effective-user", new Scenario(new Tenant(false, "LINUX", "svc-account", false, false),
                    (sim, c) -> c.createTmsKeysUnchecked("stampede3", "jdoe", admin(c)))),
            entry("create-not-linux", new Scenario(new Tenant(false, "S3", "${apiUserId}", false, false),
                    (sim, c) -> c.createTmsKeysUnchecked("stampede3", "jdoe", admin(c)))),
            entry("create-tms-refuses", new Scenario(Tenant.PLAIN, (sim, c) -> {
                sim.setTmsSetup(SimulatorState.TmsSetup.DELEGATION_REQUIRED);
                return c.createTmsKeysUnchecked("stampede3", "jdoe", admin(c));
            })),
            entry("create-tms-unreachable", createFailing(Fault.INTERNAL_ERROR)),
            entry("create-store-failed", createFailing(Fault.INTERNAL_ERROR_AFTER_EFFECT)),
            entry("create-verified-host-down", new Scenario(Tenant.PLAIN, (sim, c) -> {
                sim.setHostDown("stampede3", true);
                return c.createTmsKeys("stampede3", "jdoe", admin(c));
            })),
            entry("remove", new Scenario(Tenant.PLAIN, (sim, c) -> c.remove("stampede3", "jdoe", admin(c)))),
            entry("check-no-such-system", new Scenario(Tenant.PLAIN, (sim, c) -> c.check("nowhere", "jdoe", admin(c)))),
            entry("check-no-read-permission", new Scenario(Tenant.PLAIN,
                    (sim, c) -> c.check("stampede3", "jdoe", c.token(ALICE, ALICE_PASSWORD)))),
            entry("check-not-allowed-for-user", new Scenario(new Tenant(false, "LINUX", "${apiUserId}", true, false),
                    (sim, c) -> c.check("stampede3", "jdoe", c.token(ALICE, ALICE_PASSWORD)))),
            entry("get-system", new Scenario(Tenant.PLAIN, (sim, c) -> c.send(new okhttp3.Request.Builder()
                    .url(c.systemUrl("stampede3").newBuilder().addEncodedQueryParameter("select",
                            "id,defaultAuthnMethod,enabled,isDynamicEffectiveUser,systemType,host").build()),
                    admin(c)))),
            entry("list-with-credentials", new Scenario(LISTING_TENANT, (sim, c) -> c.send(
                    new okhttp3.Request.Builder().url(listingUrl(c, "jdoe")), admin(c)))),
            entry("list-nothing-stored", new Scenario(LISTING_TENANT, (sim, c) -> c.send(
                    new okhttp3.Request.Builder().url(listingUrl(c, "nobody")), admin(c)))),
            entry("list-impersonation-refused", new Scenario(LISTING_TENANT, (sim, c) -> c.send(
                    new okhttp3.Request.Builder().url(listingUrl(c, "jdoe")), c.token(ALICE, ALICE_PASSWORD)))),
            entry("get-system-not-found", new Scenario(Tenant.PLAIN, (sim, c) -> c.getSystem("nowhere", admin(c)))),
            entry("get-system-no-read-permission", new Scenario(Tenant.PLAIN,
                    (sim, c) -> c.getSystem("stampede3", c.token(ALICE, ALICE_PASSWORD)))),
            entry("token-expired", new Scenario(Tenant.PLAIN, (sim, c) -> {
                String token = admin(c);
                sim.expireAllTokens();
                return c.check("stampede3", "jdoe", token);
            })),
            entry("token-revoked", new Scenario(Tenant.PLAIN, (sim, c) -> {
                String token = admin(c);
                sim.revokeIssuedTokens();
                return c.check("stampede3", "jdoe", token);
            })),
            entry("login", new Scenario(Tenant.PLAIN, (sim, c) -> c.login(ADMIN, ADMIN_PASSWORD))),
            entry("login-wrong-password", new Scenario(Tenant.PLAIN, (sim, c) -> c.login(ADMIN, "not-it"))),
            entry("login-try-later", new Scenario(Tenant.PLAIN, (sim, c) -> {
                sim.failLogins(1);
                return c.login(ADMIN, ADMIN_PASSWORD);
            })),
            entry("gateway-bad-gateway", createFailing(Fault.BAD_GATEWAY)),
            entry("gateway-timeout", createFailing(Fault.GATEWAY_TIMEOUT_AFTER_EFFECT)));

    static List<ContractAnswer> scenarios() {
        return ContractAnswer.all().stream().filter(answer -> answer.scenario() != null).toList();
    }

    @Test
    void everyScenarioTheCorpusNamesIsOneTheSimulatorPlays() {
        assertThat(new TreeSet<>(scenarios().stream().map(ContractAnswer::scenario).toList()))
                .isEqualTo(new TreeSet<>(SCENARIOS.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theSimulatorGivesTheAnswerTapisGives(ContractAnswer expected) throws IOException {
        Scenario scenario = SCENARIOS.get(expected.scenario());
        try (TapisSimulator simulator = TapisSimulator.start(TestTenant.state(scenario.tenantJson()))) {
            Answer answer = scenario.request().send(simulator, new SimulatorClient(simulator.baseUrl()));

            assertThat(answer.status()).isEqualTo(expected.status());
            assertThat(answer.contentType()).isEqualTo(expected.contentType());
            assertThat(comparable(answer.body(), expected)).isEqualTo(comparable(expected.body(), expected));
        }
    }

    /** The body with the deployment's and the moment's values, and what the answer says varies, blanked out. */
    private static String comparable(String body, ContractAnswer answer) {
        String comparable = body;
        for (Pattern stamp : STAMPS) {
            comparable = stamp.matcher(comparable).replaceAll("…");
        }
        for (String varies : answer.varies()) {
            comparable = Pattern.compile(varies).matcher(comparable).replaceAll("…");
        }
        return comparable;
    }

    /** A create of TMS keys for jdoe on stampede3 that meets {@code fault} (the login before it does not). */
    private static Scenario createFailing(Fault fault) {
        return new Scenario(Tenant.PLAIN, (sim, c) -> {
            String token = admin(c);
            sim.failFrom(Endpoint.CREATE_CREDENTIAL, 1, fault);
            return c.createTmsKeysUnchecked("stampede3", "jdoe", token);
        });
    }

    /** The listing as the client asks for it (docs/tapis-api.md, "getSystems: the credential listing"). */
    private static okhttp3.HttpUrl listingUrl(SimulatorClient client, String user) {
        return client.systemUrl("x").newBuilder().encodedPath("/v3/systems").encodedQuery("listType=ALL"
                + "&hasCredentials=true&impersonationId=" + user + "&select=id,hasCredentials&limit=-1").build();
    }

    private static String admin(SimulatorClient client) {
        return client.token(ADMIN, ADMIN_PASSWORD);
    }
}
