package io.tmsprovisioner.simulator;

import static io.tmsprovisioner.simulator.TestTenant.ADMIN;
import static io.tmsprovisioner.simulator.TestTenant.ADMIN_PASSWORD;
import static io.tmsprovisioner.simulator.TestTenant.ALICE;
import static io.tmsprovisioner.simulator.TestTenant.ALICE_PASSWORD;
import static io.tmsprovisioner.simulator.TestTenant.ROOT;
import static io.tmsprovisioner.simulator.TestTenant.ROOT_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tmsprovisioner.MutableClock;
import io.tmsprovisioner.simulator.SimulatorClient.Answer;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator answers each call as docs/tapis-api.md describes: tokens, the four Systems calls, names. */
class TapisSimulatorTest {

    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private TapisSimulator simulator;
    private SimulatorClient client;
    private String admin;

    @BeforeEach
    void start() {
        simulator = TapisSimulator.start(TestTenant.state(), clock, 7);
        client = new SimulatorClient(simulator.baseUrl());
        admin = client.token(ADMIN, ADMIN_PASSWORD);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static void assertEnvelope(Answer answer, int status, String envelopeStatus, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        JsonNode json = answer.json();
        assertThat(json.get("status").stringValue()).isEqualTo(envelopeStatus);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(json.get("version").stringValue()).isEqualTo("1.8.2");
        assertThat(json.has("result")).isTrue();
        assertThat(json.has("commit")).isTrue();
        assertThat(json.has("build")).isTrue();
        assertThat(json.get("metadata").isObject()).isTrue();
    }

    private static void assertGatewayRefusal(Answer answer, String code) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).isEqualTo("text/plain");
        assertThat(answer.body()).startsWith(code + " ");
        assertThat(answer.body()).doesNotStartWith("{");
    }

    @Nested
    class Login {

        @Test
        void issuesAJwtLookingAccessTokenThatExpiresAfterTheLifetime() throws IOException {
            Answer answer = client.login(ALICE, ALICE_PASSWORD);

            assertEnvelope(answer, 201, "success", "TAPIS_AUTH_TOKEN_CREATED");
            JsonNode access = answer.json().at("/result/access_token");
            String jwt = access.get("access_token").stringValue();
            assertThat(jwt.split("\\.")).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
            JsonNode payload = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            assertThat(payload.get("sub").stringValue()).isEqualTo(ALICE);
            assertThat(payload.get("exp").longValue()).isEqualTo(START.getEpochSecond() + 3600);
            assertThat(payload.get("jti").stringValue()).isEqualTo(access.get("jti").stringValue());
            assertThat(access.get("expires_in").longValue()).isEqualTo(3600);
            assertThat(Instant.parse(access.get("expires_at").stringValue())).isEqualTo(START.plusSeconds(3600));
            assertThat(answer.json().at("/result/refresh_token/refresh_token").stringValue()).isNotBlank();
            assertThat(client.token(ALICE, ALICE_PASSWORD)).as("unique per issue").isNotEqualTo(jwt);
        }

        @Test
        void acceptsAFormEncodedRequest() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.url("/v3/oauth2/tokens").build())
                    .post(new FormBody.Builder().add("username", ALICE).add("password", ALICE_PASSWORD)
                            .add("grant_type", "password").build()), null);

            assertEnvelope(answer, 201, "success", "TAPIS_AUTH_TOKEN_CREATED");
        }

        @Test
        void refusesAWrongPasswordOrUnknownUserWithAJson401() throws IOException {
            assertEnvelope(client.login(ALICE, "nope"), 401, "Unauthorized", "TAPIS_AUTH_INVALID_CREDENTIALS");
            assertEnvelope(client.login("mallory", ALICE_PASSWORD), 401, "Unauthorized", "TAPIS_AUTH_INVALID_CREDENTIALS");
        }

        @Test
        void refusesAMalformedRequestWithA400() throws IOException {
            var tokens = client.url("/v3/oauth2/tokens").build();

            assertEnvelope(client.post(tokens, null, "not json"), 400, "Bad Request", "TAPIS_AUTH_BAD_REQUEST");
            assertEnvelope(client.post(tokens, null, "{\"username\":\"alice\",\"password\":\"alice-pw\"}"),
                    400, "Bad Request", "TAPIS_AUTH_BAD_REQUEST");
            assertEnvelope(client.post(tokens, null, "{\"grant_type\":\"password\",\"username\":\"alice\"}"),
                    400, "Bad Request", "TAPIS_AUTH_BAD_REQUEST");
        }

        @Test
        void aRefreshTokenGivesANewWorkingAccessToken() throws IOException {
            String refresh = client.login(ALICE, ALICE_PASSWORD).json()
                    .at("/result/refresh_token/refresh_token").stringValue();
            simulator.expireAllTokens();

            Answer answer = client.post(client.url("/v3/oauth2/tokens").build(), null,
                    "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + refresh + "\"}");

            assertEnvelope(answer, 201, "success", "TAPIS_AUTH_TOKEN_CREATED");
            String renewed = answer.json().at("/result/access_token/access_token").stringValue();
            assertThat(client.getSystem("stampede3", renewed).status()).isEqualTo(200);
            assertEnvelope(client.post(client.url("/v3/oauth2/tokens").build(), null,
                            "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"made-up\"}"),
                    401, "Unauthorized", "TAPIS_AUTH_INVALID_REFRESH_TOKEN");
        }
    }

    @Nested
    class Gateway {

        @Test
        void aMissingTokenIsAPlainText401OnEveryCall() throws IOException {
            assertGatewayRefusal(client.getSystem("stampede3", null), "TAPIS_SECURITY_MISSING_JWT");
            assertGatewayRefusal(client.check("stampede3", "jdoe", null), "TAPIS_SECURITY_MISSING_JWT");
            assertGatewayRefusal(client.createTmsKeys("stampede3", "bob", null), "TAPIS_SECURITY_MISSING_JWT");
            assertGatewayRefusal(client.remove("stampede3", "jdoe", null), "TAPIS_SECURITY_MISSING_JWT");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
            assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
        }

        @Test
        void aGarbledOrTamperedTokenIsInvalid() throws IOException {
            assertGatewayRefusal(client.getSystem("stampede3", "garbage"), "TAPIS_SECURITY_JWT_INVALID");
            assertGatewayRefusal(client.getSystem("stampede3", admin + "x"), "TAPIS_SECURITY_JWT_INVALID");
        }

        @Test
        void expireAllTokensExpiresEveryTokenIssuedSoFar() throws IOException {
            String alice = client.token(ALICE, ALICE_PASSWORD);
            simulator.expireAllTokens();

            assertGatewayRefusal(client.getSystem("stampede3", admin), "TAPIS_SECURITY_JWT_EXPIRED");
            assertGatewayRefusal(client.check("stampede3", ALICE, alice), "TAPIS_SECURITY_JWT_EXPIRED");
            assertThat(client.getSystem("stampede3", client.token(ADMIN, ADMIN_PASSWORD)).status()).isEqualTo(200);
        }

        @Test
        void aTokenExpiresWhenTheClockPassesItsLifetime() throws IOException {
            clock.advance(Duration.ofSeconds(3599));
            assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(1));
            assertGatewayRefusal(client.getSystem("stampede3", admin), "TAPIS_SECURITY_JWT_EXPIRED");
        }
    }

    @Nested
    class GetSystem {

        @Test
        void describesTheSystem() throws IOException {
            Answer answer = client.getSystem("stampede3", client.token(ALICE, ALICE_PASSWORD));

            assertEnvelope(answer, 200, "success", "TAPIS_FOUND");
            JsonNode result = answer.json().get("result");
            assertThat(result.get("id").stringValue()).isEqualTo("stampede3");
            assertThat(result.get("defaultAuthnMethod").stringValue()).isEqualTo("TMS_KEYS");
            assertThat(result.get("enabled").booleanValue()).isTrue();
            assertThat(result.get("owner").stringValue()).isEqualTo(ADMIN);
        }

        @Test
        void honoursSelect() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.systemUrl("community").newBuilder()
                    .addQueryParameter("select", "id,defaultAuthnMethod,enabled").build()), admin);

            assertThat(answer.json().get("result").propertyNames()).containsExactly("id", "defaultAuthnMethod", "enabled");
            assertThat(answer.json().at("/result/defaultAuthnMethod").stringValue()).isEqualTo("PASSWORD");
        }

        @Test
        void anUnknownSystemIsA404() throws IOException {
            assertEnvelope(client.getSystem("Stampede3", admin), 404, "Not Found", "SYSAPI_NOSYSTEM");
        }
    }

    @Nested
    class CheckCredential {

        @Test
        void aStoredCredentialIsOk() throws IOException {
            assertEnvelope(client.check("stampede3", "jdoe", admin), 200, "success", "SYSAPI_CRED_OK");
        }

        @Test
        void noCredentialIsAJson401NamingNotFound() throws IOException {
            Answer answer = client.check("stampede3", "bob", admin);

            assertEnvelope(answer, 401, "Unauthorized", "SYSAPI_CRED_VALID_FAIL");
            assertThat(answer.message()).contains("SYSLIB_CRED_NOT_FOUND");
        }

        @Test
        void anUnknownSystemIsA404() throws IOException {
            assertEnvelope(client.check("nowhere", "jdoe", admin), 404, "Not Found", "SYSAPI_NOSYSTEM");
        }

        @Test
        void whileTheHostIsDownAStoredCredentialCannotBeVerifiedButAMissingOneIsStillNamed() throws IOException {
            simulator.setHostDown("stampede3", true);

            Answer stored = client.check("stampede3", "jdoe", admin);
            Answer missing = client.check("stampede3", "bob", admin);
            simulator.setHostDown("stampede3", false);
            Answer back = client.check("stampede3", "jdoe", admin);

            assertEnvelope(stored, 401, "Unauthorized", "SYSAPI_CRED_VALID_FAIL");
            assertThat(stored.message()).contains("SYSLIB_CRED_CONN_FAIL");
            assertThat(missing.message()).as("the verify step does not connect when nothing is stored")
                    .contains("SYSLIB_CRED_NOT_FOUND");
            assertThat(back.status()).isEqualTo(200);
        }

        @Test
        void aRemoveWorksWhileTheHostIsDown() throws IOException {
            simulator.setHostDown("stampede3", true);

            assertThat(client.remove("stampede3", "jdoe", admin).status()).isEqualTo(201);
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
        }

        @Test
        void onlyTheUserTheOwnerOrATenantAdminMayCheck() throws IOException {
            String alice = client.token(ALICE, ALICE_PASSWORD);
            String root = client.token(ROOT, ROOT_PASSWORD);

            assertEnvelope(client.check("stampede3", "jdoe", alice), 403, "Forbidden", "SYSAPI_UNAUTH");
            assertEnvelope(client.check("private", "jdoe", admin), 403, "Forbidden", "SYSAPI_UNAUTH");
            assertThat(client.check("stampede3", ALICE, alice).status()).as("own credential").isEqualTo(401);
            assertThat(client.check("private", "jdoe", root).status()).as("tenant admin").isEqualTo(401);
            assertThat(client.check("stampede3", "jdoe", root).status()).as("tenant admin").isEqualTo(200);
        }
    }

    @Nested
    class CreateCredential {

        @Test
        void storesAndMintsTmsKeysEveryTime() throws IOException {
            assertEnvelope(client.createTmsKeys("stampede3", "bob", admin), 201, "success", "SYSAPI_CRED_UPDATED");
            assertThat(simulator.hasCredential("stampede3", "bob")).isTrue();
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
            assertThat(client.check("stampede3", "bob", admin).status()).isEqualTo(200);

            assertThat(client.createTmsKeys("stampede3", "bob", admin).status()).as("not idempotent").isEqualTo(201);
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(2);
            assertThat(simulator.totalKeysMinted()).isEqualTo(2);
            assertThat(simulator.keysMinted("stampede3", "jdoe")).as("preloaded, never minted here").isZero();
        }

        @Test
        void refusesTmsKeysOnANonTmsSystemWithoutEffect() throws IOException {
            Answer answer = client.createTmsKeys("community", "bob", admin);

            assertEnvelope(answer, 400, "Bad Request", "SYSLIB_CRED_TMS_KEYS_NOT_SUPPORTED");
            assertThat(simulator.hasCredential("community", "bob")).isFalse();
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void whenTheHostCheckFailsTheKeysAreStoredAndMintedButTheAnswerIsAJson401() throws IOException {
            Answer answer = client.createTmsKeys("vista", "bob", admin);

            assertEnvelope(answer, 401, "Unauthorized", "SYSAPI_CRED_VALID_FAIL");
            assertThat(simulator.hasCredential("vista", "bob")).isTrue();
            assertThat(simulator.keysMinted("vista", "bob")).isEqualTo(1);
            assertThat(answer.message()).contains("Reason: SYSLIB_CRED_VALID_FAIL");
            Answer check = client.check("vista", "bob", admin);
            assertEnvelope(check, 401, "Unauthorized", "SYSAPI_CRED_VALID_FAIL");
            assertThat(check.message()).as("stored; the host was reached and refused it")
                    .contains("Reason: SYSLIB_CRED_VALID_FAIL").doesNotContain("SYSLIB_CRED_NOT_FOUND");
        }

        @Test
        void whenTheHostIsDownTheKeysAreStoredAndMintedButNotVerified() throws IOException {
            simulator.setHostDown("stampede3", true);

            Answer answer = client.createTmsKeys("stampede3", "bob", admin);

            assertEnvelope(answer, 401, "Unauthorized", "SYSAPI_CRED_VALID_FAIL");
            assertThat(answer.message()).contains("Reason: SYSLIB_CRED_CONN_FAIL Unable to connect to system using "
                    + "provided credential.").contains("System: stampede3", "User: bob", "AuthnMethod: TMS_KEYS");
            assertThat(simulator.hasCredential("stampede3", "bob")).isTrue();
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
        }

        @Test
        void skipCredentialCheckAvoidsTheHostCheck() throws IOException {
            Answer answer = client.post(client.credentialUrl("vista", "bob").addQueryParameter("createTmsKeys", "true")
                    .addQueryParameter("skipCredentialCheck", "true").build(), admin, "{}");

            assertEnvelope(answer, 201, "success", "SYSAPI_CRED_UPDATED");
            assertThat(simulator.keysMinted("vista", "bob")).isEqualTo(1);
        }

        @Test
        void aMissingOrNonJsonBodyIsA400WithoutEffect() throws IOException {
            var url = client.credentialUrl("stampede3", "bob").addQueryParameter("createTmsKeys", "true").build();

            assertEnvelope(client.post(url, admin, ""), 400, "Bad Request", "SYSAPI_CRED_JSON_INVALID");
            assertEnvelope(client.post(url, admin, "hello"), 400, "Bad Request", "SYSAPI_CRED_JSON_INVALID");
            assertEnvelope(client.post(url, admin, "[]"), 400, "Bad Request", "SYSAPI_CRED_JSON_INVALID");
            assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void refusesOthersCredentialsAndUnknownSystems() throws IOException {
            assertEnvelope(client.createTmsKeys("private", "bob", admin), 403, "Forbidden", "SYSAPI_UNAUTH");
            assertEnvelope(client.createTmsKeys("stampede3", "bob", client.token(ALICE, ALICE_PASSWORD)),
                    403, "Forbidden", "SYSAPI_UNAUTH");
            assertEnvelope(client.createTmsKeys("nowhere", "bob", admin), 404, "Not Found", "SYSAPI_NOSYSTEM");
            assertThat(simulator.credentialPairs()).containsExactly("stampede3/jdoe");
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void withoutCreateTmsKeysStoresAGivenCredentialWithoutMinting() throws IOException {
            var url = client.credentialUrl("community", "bob").build();

            assertEnvelope(client.post(url, admin, "{}"), 400, "Bad Request", "SYSAPI_CRED_JSON_INVALID");
            assertEnvelope(client.post(url, admin, "{\"password\":\"x\"}"), 201, "success", "SYSAPI_CRED_UPDATED");
            assertThat(simulator.hasCredential("community", "bob")).isTrue();
            assertThat(simulator.totalKeysMinted()).isZero();
        }
    }

    @Nested
    class RemoveCredential {

        @Test
        void removesAndAnswers201AlsoWhenNothingIsStored() throws IOException {
            assertEnvelope(client.remove("stampede3", "jdoe", admin), 201, "success", "SYSAPI_CRED_DELETED");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
            assertEnvelope(client.remove("stampede3", "jdoe", admin), 201, "success", "SYSAPI_CRED_DELETED");
            assertThat(client.check("stampede3", "jdoe", admin).status()).isEqualTo(401);
        }

        @Test
        void refusesOthersCredentialsAndUnknownSystems() throws IOException {
            assertEnvelope(client.remove("stampede3", "jdoe", client.token(ALICE, ALICE_PASSWORD)),
                    403, "Forbidden", "SYSAPI_UNAUTH");
            assertEnvelope(client.remove("nowhere", "jdoe", admin), 404, "Not Found", "SYSAPI_NOSYSTEM");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
        }

        @Test
        void readingACredentialIsRestrictedToServices() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.credentialUrl("stampede3", "jdoe").build()),
                    client.token(ROOT, ROOT_PASSWORD));

            assertEnvelope(answer, 403, "Forbidden", "SYSAPI_UNAUTH");
        }
    }

    @Nested
    class Paths {

        @Test
        void unknownPathsAre404AndWrongMethods405() throws IOException {
            assertEnvelope(client.send(new Request.Builder().url(client.url("/v3/jobs/list").build()), admin),
                    404, "Not Found", "TAPIS_NOT_FOUND");
            assertEnvelope(client.send(new Request.Builder().url(client.url("/v3/systems/").build()), admin),
                    404, "Not Found", "TAPIS_NOT_FOUND");

            Answer wrong = client.send(new Request.Builder().url(client.url("/v3/oauth2/tokens").build()), null);
            assertEnvelope(wrong, 405, "Method Not Allowed", "TAPIS_METHOD_NOT_ALLOWED");
            assertThat(wrong.header("Allow")).isEqualTo("POST");
            Answer put = client.send(new Request.Builder().url(client.credentialUrl("stampede3", "jdoe").build())
                    .put(RequestBody.create("{}", SimulatorClient.JSON)), admin);
            assertThat(put.status()).isEqualTo(405);
            assertThat(simulator.calls(Endpoint.OTHER)).isEqualTo(4);
        }

        @Test
        void percentEncodedNamesAreOneSegmentEach() throws IOException {
            for (String name : new String[] {"a/b", "../tenants", "jane.doe@example.org", "Ünïcode user"}) {
                assertThat(client.createTmsKeys("stampede3", name, admin).status()).as(name).isEqualTo(201);
            }

            assertThat(simulator.credentialPairs()).containsExactly("stampede3/../tenants", "stampede3/a/b",
                    "stampede3/jane.doe@example.org", "stampede3/jdoe", "stampede3/Ünïcode user");
            assertThat(simulator.keysMinted("stampede3", "a/b")).isEqualTo(1);
            assertThat(client.check("stampede3", "a/b", admin).status()).isEqualTo(200);
            assertThat(client.getSystem("../stampede3", admin).status()).isEqualTo(404);
            assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(4);
        }

        @Test
        void aLiteralDotDotSegmentIsANameNotANavigation() throws IOException {
            assertThat(rawStatusLine("GET", "/v3/systems/..")).contains(" 404 ");
            assertThat(rawStatusLine("POST", "/v3/systems/../oauth2/tokens")).contains(" 404 ");
            assertThat(rawStatusLine("POST", "/v3/systems/credential/stampede3/user/../../../oauth2/tokens"))
                    .contains(" 404 ");

            assertThat(simulator.calls(Endpoint.GET_SYSTEM, 404)).as("system named '..'").isEqualTo(1);
            assertThat(simulator.calls(Endpoint.OTHER, 404)).isEqualTo(2);
            assertThat(simulator.calls(Endpoint.TOKEN)).as("only the login in setUp").isEqualTo(1);
        }

        @Test
        void aMalformedEscapeIsA400() throws IOException {
            assertThat(rawStatusLine("GET", "/v3/systems/bad%zzname")).contains(" 400 ");
        }

        /** OkHttp resolves '..' segments itself, so these requests are written by hand. */
        private String rawStatusLine(String method, String rawPath) throws IOException {
            URI base = URI.create(simulator.baseUrl());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: " + base.getAuthority()
                        + "\r\nX-Tapis-Token: " + admin + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
            }
        }
    }

    @Nested
    class Counters {

        @Test
        void countEveryCallByEndpointAndStatus() throws IOException {
            client.check("stampede3", "jdoe", admin);
            client.check("stampede3", "bob", admin);
            client.check("stampede3", "bob", null);
            client.getSystem("stampede3", admin);
            client.createTmsKeys("stampede3", "bob", admin);
            client.remove("stampede3", "bob", admin);

            assertThat(simulator.calls(Endpoint.TOKEN, 201)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isEqualTo(3);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 200)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 401)).isEqualTo(2);
            assertThat(simulator.calls(Endpoint.GET_SYSTEM, 200)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 201)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL, 201)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.OTHER)).isZero();
            assertThat(simulator.totalCalls()).isEqualTo(7);

            simulator.resetCounters();
            assertThat(simulator.totalCalls()).isZero();
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isZero();
            assertThat(simulator.keysMinted("stampede3", "bob")).as("state is not a counter").isEqualTo(1);
        }
    }
}
