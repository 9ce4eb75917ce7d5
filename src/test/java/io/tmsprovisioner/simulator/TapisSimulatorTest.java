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
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
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

/**
 * The simulator answers each call as the contract page (/work/shared/docs/tapis-api.md) and its check against the
 * Tapis source say: status, content type, envelope kind and message text. Spoken to over HTTP with a plain client.
 */
class TapisSimulatorTest {

    private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");
    /** {0}..{3} of a Systems message for the admin, in the SYSAPI_* and SYSLIB_* spellings. */
    static final String AS_ADMIN = "jwtTenant: designsafe jwtUser: tms-admin OboTenant: designsafe OboUser: tms-admin";
    static final String AS_ADMIN_ID = "jwtTenant: designsafe jwtUserId: tms-admin OboTenant: designsafe OboUser: tms-admin";

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

    /** Built by a Systems resource: Gson's field order, pretty-printed, status "success" or "error". */
    static void assertResourceBuilt(Answer answer, int status, String message) {
        assertJavaEnvelope(answer, status, status < 300 ? "success" : "error", message);
    }

    /** Built by ApiExceptionMapper from an exception: status is the reason phrase. */
    static void assertMapperBuilt(Answer answer, int status, String reasonPhrase, String message) {
        assertJavaEnvelope(answer, status, reasonPhrase, message);
    }

    private static void assertJavaEnvelope(Answer answer, int status, String envelopeStatus, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\n  \"result\": ").doesNotEndWith("\n");
        JsonNode json = answer.json();
        assertThat(json.propertyNames()).containsExactly("result", "status", "message", "version", "commit", "build",
                "metadata");
        assertThat(json.get("status").stringValue()).isEqualTo(envelopeStatus);
        assertThat(answer.message()).startsWith(message);
        assertThat(json.get("commit").stringValue()).matches("[0-9a-f]{8}");
        assertThat(json.get("metadata").isNull()).isTrue();
    }

    /** The Authenticator's Flask envelope: sorted keys, compact, a newline, metadata {}. */
    private static void assertAuthenticator(Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body()).startsWith("{\"message\":").endsWith("}\n");
        JsonNode json = answer.json();
        assertThat(json.propertyNames()).containsExactly("message", "metadata", "result", "status", "version");
        assertThat(json.get("status").stringValue()).isEqualTo(status < 300 ? "success" : "error");
        assertThat(json.get("message").stringValue()).isEqualTo(message);
        assertThat(json.get("metadata").isObject()).isTrue();
        assertThat(json.get("version").stringValue()).isEqualTo("26Q2.0");
    }

    private static void assertJwtRefusal(Answer answer, String text) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).isEqualTo("text/plain");
        assertThat(answer.body()).startsWith(text);
    }

    @Nested
    class Login {

        @Test
        void answers200WithAnAccessTokenAndNoRefreshToken() throws IOException {
            Answer answer = client.login(ALICE, ALICE_PASSWORD);

            assertAuthenticator(answer, 200, "Token created successfully.");
            JsonNode result = answer.json().get("result");
            assertThat(result.propertyNames()).as("no client id was sent").containsExactly("access_token");
            JsonNode access = result.get("access_token");
            assertThat(access.propertyNames()).as("sorted, as Flask writes them")
                    .containsExactly("access_token", "expires_at", "expires_in", "id_token", "jti");
            String jwt = access.get("access_token").stringValue();
            assertThat(access.get("id_token").stringValue()).isEqualTo(jwt);
            assertThat(jwt.split("\\.")).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
            JsonNode payload = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            assertThat(payload.get("sub").stringValue()).isEqualTo("alice@designsafe");
            assertThat(payload.get("tapis/username").stringValue()).isEqualTo(ALICE);
            assertThat(payload.get("exp").longValue()).isEqualTo(START.getEpochSecond() + 3600);
            assertThat(payload.get("jti").stringValue()).isEqualTo(access.get("jti").stringValue());
            assertThat(access.get("expires_in").longValue()).isEqualTo(3600);
            assertThat(access.get("expires_at").stringValue()).as("Python's isoformat")
                    .isEqualTo("2025-06-01T13:00:00+00:00");
            assertThat(client.token(ALICE, ALICE_PASSWORD)).as("unique per issue").isNotEqualTo(jwt);
        }

        @Test
        void acceptsAFormEncodedRequest() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.url("/v3/oauth2/tokens").build())
                    .post(new FormBody.Builder().add("username", ALICE).add("password", ALICE_PASSWORD)
                            .add("grant_type", "password").build()), null);

            assertAuthenticator(answer, 200, "Token created successfully.");
        }

        @Test
        void aWrongPasswordOrUnknownUserIsA400() throws IOException {
            Answer wrong = client.login(ALICE, "nope");

            assertAuthenticator(wrong, 400, "Invalid username/password combination.");
            assertThat(wrong.json().get("result").isNull()).isTrue();
            assertAuthenticator(client.login("mallory", ALICE_PASSWORD), 400, "Invalid username/password combination.");
        }

        @Test
        void malformedRequestsAre400sNamingTheProblem() throws IOException {
            var tokens = client.url("/v3/oauth2/tokens").build();

            assertThat(client.post(tokens, null, "not json").json().get("message").stringValue())
                    .startsWith("Invalid POST data: [");
            assertAuthenticator(client.post(tokens, null, "{\"username\":\"alice\",\"password\":\"alice-pw\"}"),
                    400, "Missing the required grant_type parameter.");
            assertAuthenticator(client.post(tokens, null, "{\"grant_type\":\"password\",\"username\":\"alice\"}"),
                    400, "Missing required payload data; username and password are required for the password grant type.");
            assertAuthenticator(client.post(tokens, null, "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"x\"}"),
                    400, "Invalid grant_type (refresh_token); this grant type is not allowed for this tenant. "
                            + "Allowable grant types: ['password']");
        }

        @Test
        void withoutAContentTypeTheAuthenticatorFailsWithA500() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.url("/v3/oauth2/tokens").build())
                    .post(RequestBody.create(new byte[0])), null);

            assertAuthenticator(answer, 500, "Unrecognized exception type: <class 'AttributeError'>. "
                    + "Exception: 'NoneType' object has no attribute 'startswith'");
        }

        @Test
        void failLoginsAnswersTheTransientFailureThenLoginsWorkAgain() throws IOException {
            simulator.failLogins(2);

            assertAuthenticator(client.login(ALICE, ALICE_PASSWORD), 400,
                    "Failure to generate an access token; please try again later.");
            assertAuthenticator(client.login(ADMIN, ADMIN_PASSWORD), 400,
                    "Failure to generate an access token; please try again later.");
            assertAuthenticator(client.login(ALICE, ALICE_PASSWORD), 200, "Token created successfully.");
        }
    }

    @Nested
    class Gateway {

        @Test
        void aMissingTokenIsAPlainText401NamingTheMethod() throws IOException {
            assertJwtRefusal(client.getSystem("stampede3", null), "TAPIS_SECURITY_MISSING_JWT_INFO HTTP GET request "
                    + "rejected due to missing JSON Web Token information.");
            assertJwtRefusal(client.check("stampede3", "jdoe", null), "TAPIS_SECURITY_MISSING_JWT_INFO HTTP POST");
            assertJwtRefusal(client.createTmsKeys("stampede3", "bob", null), "TAPIS_SECURITY_MISSING_JWT_INFO HTTP POST");
            assertJwtRefusal(client.remove("stampede3", "jdoe", null), "TAPIS_SECURITY_MISSING_JWT_INFO HTTP DELETE");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void aGarbledOrTamperedTokenCannotBeParsed() throws IOException {
            assertJwtRefusal(client.getSystem("stampede3", "garbage"), "TAPIS_SECURITY_JWT_PARSE_ERROR Unable to parse "
                    + "JWT. Error: JWT strings must contain exactly 2 period characters. Found: 0");
            assertJwtRefusal(client.getSystem("stampede3", admin + "x"), "TAPIS_SECURITY_JWT_PARSE_ERROR Unable to parse "
                    + "JWT. Error: JWT signature does not match locally computed signature.");
        }

        @Test
        void aClientAskingForJsonGetsTheSamePlainTextLabelledJson() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.systemUrl("stampede3"))
                    .header("Accept", "application/json"), "garbage");

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(answer.body()).startsWith("TAPIS_SECURITY_JWT_PARSE_ERROR ");
        }

        @Test
        void expireAllTokensExpiresEveryTokenIssuedSoFar() throws IOException {
            String alice = client.token(ALICE, ALICE_PASSWORD);
            simulator.expireAllTokens();
            clock.advance(Duration.ofSeconds(2));

            assertJwtRefusal(client.getSystem("stampede3", admin), "TAPIS_SECURITY_JWT_EXPIRED Exception message: JWT "
                    + "expired at 2025-06-01T12:00:00Z. Current time: 2025-06-01T12:00:02Z, a difference of 2000 "
                    + "milliseconds.  Allowed clock skew: 0 milliseconds. Claims: iss: https://designsafe.tapis.io/v3/tokens "
                    + "sub: tms-admin@designsafe tapis/tenant_id: designsafe tapis/username: tms-admin "
                    + "tapis/account_type: user");
            assertJwtRefusal(client.check("stampede3", ALICE, alice), "TAPIS_SECURITY_JWT_EXPIRED ");
            assertThat(client.getSystem("stampede3", client.token(ADMIN, ADMIN_PASSWORD)).status()).isEqualTo(200);
        }

        @Test
        void aTokenExpiresWhenTheClockPassesItsLifetime() throws IOException {
            clock.advance(Duration.ofSeconds(3599));
            assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(1));
            assertJwtRefusal(client.getSystem("stampede3", admin),
                    "TAPIS_SECURITY_JWT_EXPIRED Exception message: JWT expired at 2025-06-01T13:00:00Z. ");
        }

        @Test
        void aRevokedTokenGetsNginxs500BeforeTheServiceSeesTheCall() throws IOException {
            simulator.revokeIssuedTokens();

            Answer answer = client.remove("stampede3", "jdoe", admin);

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(answer.body()).isEqualTo(
                    "{\"status\": \"error\", \"message\": \"Token is revoked.\", \"version\": \"26Q2.0\", \"result\": null }\n");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).as("no effect").isTrue();
            String fresh = client.token(ADMIN, ADMIN_PASSWORD);
            assertThat(client.remove("stampede3", "jdoe", fresh).status()).isEqualTo(201);
        }

        @Test
        void whileTheRevocationCheckFailsEveryTokenFreshOnesTooGetsThe500() throws IOException {
            simulator.setRevocationCheckFailing(true);

            String fresh = client.token(ADMIN, ADMIN_PASSWORD);
            Answer withFresh = client.getSystem("stampede3", fresh);
            Answer without = client.getSystem("stampede3", null);
            simulator.setRevocationCheckFailing(false);

            assertThat(withFresh.status()).isEqualTo(500);
            assertThat(withFresh.body()).contains("\"message\": \"Token is revoked.\"");
            assertThat(without.status()).as("no token: nginx does not ask the site router").isEqualTo(401);
            assertThat(client.getSystem("stampede3", fresh).status()).isEqualTo(200);
        }
    }

    @Nested
    class GetSystem {

        @Test
        void describesTheSystemAsTheCallerSeesIt() throws IOException {
            Answer answer = client.getSystem("stampede3", client.token(ALICE, ALICE_PASSWORD));

            assertResourceBuilt(answer, 200, "TAPIS_FOUND System found: stampede3");
            JsonNode result = answer.json().get("result");
            assertThat(result.get("id").stringValue()).isEqualTo("stampede3");
            assertThat(result.get("defaultAuthnMethod").stringValue()).isEqualTo("TMS_KEYS");
            assertThat(result.get("systemType").stringValue()).isEqualTo("LINUX");
            assertThat(result.get("host").stringValue()).isEqualTo("stampede3.example.org");
            assertThat(result.get("owner").stringValue()).isEqualTo(ADMIN);
            assertThat(result.get("enabled").booleanValue()).isTrue();
            assertThat(result.get("effectiveUserId").stringValue()).as("resolved to the caller").isEqualTo(ALICE);
            assertThat(result.get("isDynamicEffectiveUser").booleanValue()).isTrue();
        }

        @Test
        void aStaticEffectiveUserShowsAsItselfAndNotDynamic() throws IOException {
            JsonNode result = client.getSystem("shared-account", admin).json().get("result");

            assertThat(result.get("effectiveUserId").stringValue()).isEqualTo("svc-account");
            assertThat(result.get("isDynamicEffectiveUser").booleanValue()).isFalse();
        }

        @Test
        void selectReducesTheFieldsAndWritesBooleansAsStrings() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.systemUrl("community").newBuilder()
                    .addQueryParameter("select", "id,defaultAuthnMethod,enabled").build()), admin);

            JsonNode result = answer.json().get("result");
            assertThat(result.propertyNames()).containsExactly("id", "defaultAuthnMethod", "enabled");
            assertThat(result.get("defaultAuthnMethod").stringValue()).isEqualTo("PASSWORD");
            assertThat(result.get("enabled").stringValue()).isEqualTo("true");
        }

        @Test
        void anUnknownSystemIsA404FromTheMapper() throws IOException {
            assertMapperBuilt(client.getSystem("Stampede3", admin), 404, "Not Found",
                    "SYSAPI_NOT_FOUND Record not found. " + AS_ADMIN + " System: Stampede3");
        }
    }

    @Nested
    class CheckCredential {

        @Test
        void aStoredCredentialThatWorksIsA200() throws IOException {
            assertResourceBuilt(client.check("stampede3", "jdoe", admin), 200,
                    "SYSAPI_CRED_OK Credential validation succeeded. " + AS_ADMIN + " System: stampede3 User: jdoe");
            assertThat(simulator.sshConnects()).isEqualTo(1);
        }

        @Test
        void nothingStoredIsA401FromTheMapperWithoutConnecting() throws IOException {
            Answer answer = client.check("stampede3", "bob", admin);

            assertMapperBuilt(answer, 401, "Unauthorized", "SYSLIB_CRED_NOT_FOUND Credential not found for operation. "
                    + AS_ADMIN_ID + " Operation: checkCred System: stampede3 SystemType: LINUX EffectiveUser: bob "
                    + "AuthnMethod: TMS_KEYS");
            assertThat(simulator.sshConnects()).isZero();
        }

        @Test
        void anUnknownSystemIsA404FromTheResource() throws IOException {
            assertResourceBuilt(client.check("nowhere", "jdoe", admin), 404,
                    "SYSAPI_NOSYSTEM No system found. " + AS_ADMIN + " System: nowhere Operation: checkUserCredential");
        }

        @Test
        void whileTheHostIsDownAStoredCredentialCannotBeVerifiedButAMissingOneIsStillNamed() throws IOException {
            simulator.setHostDown("stampede3", true);

            Answer stored = client.check("stampede3", "jdoe", admin);
            Answer missing = client.check("stampede3", "bob", admin);
            simulator.setHostDown("stampede3", false);
            Answer back = client.check("stampede3", "jdoe", admin);

            assertResourceBuilt(stored, 401, "SYSAPI_CRED_VALID_FAIL Credential validation failed. " + AS_ADMIN
                    + " System: stampede3 User: jdoe AuthnMethod: TMS_KEYS Message: SYSLIB_CRED_CONN_FAIL Unable to "
                    + "connect to system using provided credential. " + AS_ADMIN_ID + " System: stampede3 SystemType: "
                    + "LINUX Host: stampede3.example.org EffectiveUser: jdoe AuthnMethod: TMS_KEYS Error: Connection timed out");
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.message()).as("the verify step does not connect when nothing is stored")
                    .startsWith("SYSLIB_CRED_NOT_FOUND ");
            assertThat(back.status()).isEqualTo(200);
        }

        @Test
        void aHostDownIsDownForEverySystemOnIt() throws IOException {
            client.createTmsKeysUnchecked("stampede3.dtn", "jdoe", admin);
            simulator.setHostDown("stampede3", true);

            assertThat(client.check("stampede3.dtn", "jdoe", admin).message()).contains("SYSLIB_CRED_CONN_FAIL");
        }

        @Test
        void aHostThatRefusesTheKeyIsSyslibCredValidFail() throws IOException {
            client.createTmsKeysUnchecked("vista", "jdoe", admin);

            assertResourceBuilt(client.check("vista", "jdoe", admin), 401, "SYSAPI_CRED_VALID_FAIL Credential validation "
                    + "failed. " + AS_ADMIN + " System: vista User: jdoe AuthnMethod: TMS_KEYS Message: SYSLIB_CRED_VALID_FAIL "
                    + "Invalid credentials. " + AS_ADMIN + " System: vista SystemType: LINUX Host: vista.example.org "
                    + "EffectiveUser: jdoe AuthnMethod: TMS_KEYS Message: No more authentication methods available");
        }

        @Test
        void anSshMethodOnAnS3SystemCannotBeVerified() throws IOException {
            Answer answer = client.check("bucket", "jdoe", admin);

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.message()).contains("Message: SYSLIB_CRED_NOT_SUPPORTED Credential validation failed. Not "
                    + "supported for system type. " + AS_ADMIN_ID + " System: bucket SystemType: S3 EffectiveUser: jdoe "
                    + "AuthnMethod: TMS_KEYS");
            assertThat(simulator.sshConnects()).isZero();
        }

        @Test
        void aRemoveWorksWhileTheHostIsDown() throws IOException {
            simulator.setHostDown("stampede3", true);

            assertThat(client.remove("stampede3", "jdoe", admin).status()).isEqualTo(201);
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
        }

        @Test
        void onlyTheOwnerATenantAdminOrTheUserWhoMayReadTheSystemMayCheck() throws IOException {
            String alice = client.token(ALICE, ALICE_PASSWORD);
            String root = client.token(ROOT, ROOT_PASSWORD);

            assertMapperBuilt(client.check("stampede3", "jdoe", alice), 403, "Forbidden", "SYSLIB_UNAUTH Permission "
                    + "denied. jwtTenant: designsafe jwtUserId: alice OboTenant: designsafe OboUser: alice System: "
                    + "stampede3 Operation: checkCred");
            assertThat(client.check("private", "jdoe", admin).status()).as("may not read private: SYSAPI_CHECK_ERROR")
                    .isEqualTo(500);
            assertThat(client.check("stampede3", ALICE, alice).status()).as("own credential").isEqualTo(401);
            assertThat(client.check("private", ALICE, alice).status()).as("own, but may not read the system")
                    .isEqualTo(500);
            assertThat(client.check("private", "jdoe", root).status()).as("tenant admin").isEqualTo(401);
            assertThat(client.check("stampede3", "jdoe", root).status()).as("tenant admin").isEqualTo(200);
        }
    }

    @Nested
    class CreateCredential {

        @Test
        void mintsVerifiesAndStoresAndMintsAgainEveryTime() throws IOException {
            assertResourceBuilt(client.createTmsKeys("stampede3", "bob", admin), 201,
                    "SYSAPI_CRED_UPDATED Credential updated. " + AS_ADMIN + " System: stampede3 User: bob");
            assertThat(simulator.hasCredential("stampede3", "bob")).isTrue();
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
            assertThat(simulator.sshConnects()).as("verified").isEqualTo(1);
            assertThat(client.check("stampede3", "bob", admin).status()).isEqualTo(200);

            assertThat(client.createTmsKeys("stampede3", "bob", admin).status()).as("not idempotent").isEqualTo(201);
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(2);
            assertThat(simulator.totalKeysMinted()).isEqualTo(2);
            assertThat(simulator.keysMinted("stampede3", "jdoe")).as("preloaded, never minted here").isZero();
        }

        @Test
        void whenTheHostRefusesTheKeyNothingIsStoredButTheMintedPairStaysInTms() throws IOException {
            Answer answer = client.createTmsKeys("vista", "bob", admin);

            assertResourceBuilt(answer, 401, "SYSAPI_CRED_VALID_FAIL Credential validation failed. " + AS_ADMIN
                    + " System: vista User: bob AuthnMethod: TMS_KEYS Message: SYSLIB_CRED_VALID_FAIL ");
            assertThat(simulator.hasCredential("vista", "bob")).isFalse();
            assertThat(simulator.keysMinted("vista", "bob")).isEqualTo(1);
            assertThat(client.check("vista", "bob", admin).message()).startsWith("SYSLIB_CRED_NOT_FOUND ");
        }

        @Test
        void whenTheHostIsDownNothingIsStoredButTheMintedPairStaysInTms() throws IOException {
            simulator.setHostDown("stampede3", true);

            Answer answer = client.createTmsKeys("stampede3", "bob", admin);

            assertResourceBuilt(answer, 401, "SYSAPI_CRED_VALID_FAIL Credential validation failed. " + AS_ADMIN
                    + " System: stampede3 User: bob AuthnMethod: TMS_KEYS Message: SYSLIB_CRED_CONN_FAIL ");
            assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
            assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
        }

        @Test
        void skipCredentialCheckStoresWithoutConnecting() throws IOException {
            assertThat(client.createTmsKeysUnchecked("vista", "bob", admin).status()).isEqualTo(201);

            assertThat(simulator.hasCredential("vista", "bob")).isTrue();
            assertThat(simulator.keysMinted("vista", "bob")).isEqualTo(1);
            assertThat(simulator.sshConnects()).isZero();
        }

        @Test
        void aStaticEffectiveUserIsRefusedWithA500FromTheMapperWithoutMinting() throws IOException {
            assertMapperBuilt(client.createTmsKeys("shared-account", "bob", admin), 500, "Internal Server Error",
                    "SYSAPI_CRED_ERROR Unable to operate on credential for system. " + AS_ADMIN + " System: "
                            + "shared-account User: bob Operation: createUserCredential Error: "
                            + "SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED Creation of TMS keys with loginUser mapping or static "
                            + "effectiveUserId not supported. " + AS_ADMIN_ID + " System: shared-account LoginUser: null "
                            + "IsStaticEffectiveUser: true");
            assertThat(simulator.totalKeysMinted()).isZero();
            assertThat(simulator.hasCredential("shared-account", "bob")).isFalse();
        }

        @Test
        void aSystemThatIsNotLinuxIsRefused() throws IOException {
            assertThat(client.createTmsKeys("bucket", "bob", admin).message()).contains("Error: "
                    + "SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE Creation of TMS keys not supported for system type. "
                    + AS_ADMIN_ID + " System: bucket SystemType: S3");
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void aTenantWithoutTmsIsRefused() throws IOException {
            simulator.setTmsSetup(TmsSetup.TENANT_NOT_ALLOWED);
            Answer notAllowed = client.createTmsKeys("stampede3", "bob", admin);
            simulator.setTmsSetup(TmsSetup.NOT_CONFIGURED);
            Answer notConfigured = client.createTmsKeys("stampede3", "bob", admin);

            assertThat(notAllowed.status()).isEqualTo(500);
            assertThat(notAllowed.message()).contains("Error: SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED ");
            assertThat(notConfigured.message()).contains("Error: SYSLIB_CRED_TMS_KEYS_NOT_CFG ");
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void withoutCreateTmsKeysATmsSystemIsRefused() throws IOException {
            Answer answer = client.post(client.credentialUrl("stampede3", "bob").build(), admin, "{}");

            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.message()).contains("Error: SYSLIB_CRED_TMS_KEYS_BAD_ARG ");
        }

        @Test
        void aTmsThatWantsDelegationRecordsRefusesEveryMint() throws IOException {
            simulator.setTmsSetup(TmsSetup.DELEGATION_REQUIRED);

            Answer answer = client.createTmsKeys("stampede3", "bob", admin);

            assertMapperBuilt(answer, 500, "Internal Server Error", "SYSAPI_CRED_ERROR ");
            assertThat(answer.message()).contains("Error: SYSLIB_CRED_TMS_KEYS_HTTP_ERR ", "Status: 403 Response: "
                    + "{\"result_code\":\"403\",\"result_msg\":\"Missing or expired dependency: Required user MFA record "
                    + "not found for user ID tms-admin in tenant designsafe.\"}");
            assertThat(simulator.totalKeysMinted()).isZero();
            assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
        }

        @Test
        void whileTmsFailsNothingIsMintedAndAfterwardsCreatesWork() throws IOException {
            simulator.setTmsFailing(true);
            Answer failed = client.createTmsKeys("stampede3", "bob", admin);
            simulator.setTmsFailing(false);

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.message()).contains("SYSLIB_CRED_TMS_KEYS_HTTP_ERR ", "Status: 500 ");
            assertThat(simulator.totalKeysMinted()).isZero();
            assertThat(client.createTmsKeys("stampede3", "bob", admin).status()).isEqualTo(201);
        }

        @Test
        void aMissingOrNonJsonBodyIsA500WithoutEffect() throws IOException {
            var url = client.credentialUrl("stampede3", "bob").addQueryParameter("createTmsKeys", "true").build();

            assertMapperBuilt(client.post(url, admin, ""), 500, "Internal Server Error",
                    "SYSAPI_CRED_JSON_INVALID Request payload did not conform to specification during attempt to "
                            + "operate on credential for system. " + AS_ADMIN + " System: stampede3 User: bob Error: ");
            assertThat(client.post(url, admin, "hello").message()).startsWith("SYSAPI_CRED_JSON_INVALID ");
            assertThat(client.post(url, admin, "[]").message()).startsWith("SYSAPI_CRED_JSON_INVALID ");
            assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void refusesOthersCredentialsAndUnknownSystems() throws IOException {
            // tms-admin may not even read private: the lookup's READ check fails inside checkSystemExists
            assertResourceBuilt(client.createTmsKeys("private", "bob", admin), 500, "SYSAPI_CHECK_ERROR Unable to check "
                    + "for system. " + AS_ADMIN + " System: private Operation: createUserCredential Error: SYSLIB_UNAUTH "
                    + "Permission denied. " + AS_ADMIN_ID + " System: private Operation: read");
            assertThat(client.createTmsKeys("stampede3", "bob", client.token(ALICE, ALICE_PASSWORD)).status())
                    .isEqualTo(403);
            assertResourceBuilt(client.createTmsKeys("nowhere", "bob", admin), 404, "SYSAPI_NOSYSTEM No system found. "
                    + AS_ADMIN + " System: nowhere Operation: createUserCredential");
            assertThat(simulator.credentialPairs()).containsExactly("bucket/jdoe", "stampede3/jdoe");
            assertThat(simulator.totalKeysMinted()).isZero();
        }

        @Test
        void withoutCreateTmsKeysANonTmsSystemStoresTheGivenCredentialWithoutMinting() throws IOException {
            var url = client.credentialUrl("community", "bob").build();

            assertThat(client.post(url, admin, "{\"password\":\"x\"}").status()).isEqualTo(201);
            assertThat(simulator.hasCredential("community", "bob")).isTrue();
            assertThat(simulator.totalKeysMinted()).isZero();
        }
    }

    @Nested
    class RemoveCredential {

        @Test
        void removesAndAnswers201AlsoWhenNothingIsStored() throws IOException {
            assertResourceBuilt(client.remove("stampede3", "jdoe", admin), 201,
                    "SYSAPI_CRED_DELETED Credential removed. " + AS_ADMIN + " System: stampede3 User: jdoe");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
            assertThat(client.remove("stampede3", "jdoe", admin).status()).isEqualTo(201);
            assertThat(client.check("stampede3", "jdoe", admin).message()).startsWith("SYSLIB_CRED_NOT_FOUND ");
            assertThat(simulator.sshConnects()).as("a remove never connects").isZero();
        }

        @Test
        void refusesOthersCredentialsAndUnknownSystems() throws IOException {
            assertThat(client.remove("stampede3", "jdoe", client.token(ALICE, ALICE_PASSWORD)).message())
                    .startsWith("SYSLIB_UNAUTH ").endsWith("Operation: removeCred");
            assertThat(client.remove("nowhere", "jdoe", admin).message())
                    .startsWith("SYSAPI_NOSYSTEM ").endsWith("Operation: removeUserCredential");
            assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
        }

        @Test
        void readingACredentialIsRestrictedToServices() throws IOException {
            Answer answer = client.send(new Request.Builder().url(client.credentialUrl("stampede3", "jdoe").build()),
                    admin);

            assertMapperBuilt(answer, 403, "Forbidden", "SYSLIB_UNAUTH_GETCRED Authorization denied. Only authorized "
                    + "services may retrieve credentials. " + AS_ADMIN_ID + " System: stampede3 Operation: getCred");
        }
    }

    @Nested
    class Paths {

        @Test
        void unknownPathsAre404AndWrongMethods405() throws IOException {
            assertMapperBuilt(client.send(new Request.Builder().url(client.url("/v3/jobs/list").build()), admin),
                    404, "Not Found", "HTTP 404 Not Found");
            assertThat(client.send(new Request.Builder().url(client.url("/v3/systems/").build()), admin).status())
                    .isEqualTo(404);

            Answer wrong = client.send(new Request.Builder().url(client.url("/v3/oauth2/tokens").build()), null);
            assertMapperBuilt(wrong, 405, "Method Not Allowed", "HTTP 405 Method Not Allowed");
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

            assertThat(simulator.credentialPairs()).containsExactly("bucket/jdoe", "stampede3/../tenants",
                    "stampede3/a/b", "stampede3/jane.doe@example.org", "stampede3/jdoe", "stampede3/Ünïcode user");
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
    class TenantSettings {

        @Test
        void theStateFilesTenantAndTmsSetupApply() throws IOException {
            SimulatorState state = TestTenant.state(TestTenant.JSON.replace("\"tokenLifetimeSeconds\": 3600,",
                    "\"tokenLifetimeSeconds\": 3600, \"tenant\": \"tacc\", \"tms\": \"DELEGATION_REQUIRED\","));
            try (TapisSimulator tacc = TapisSimulator.start(state, clock, 7)) {
                SimulatorClient taccClient = new SimulatorClient(tacc.baseUrl());

                Answer answer = taccClient.createTmsKeys("stampede3", "bob", taccClient.token(ADMIN, ADMIN_PASSWORD));

                assertThat(answer.status()).isEqualTo(500);
                assertThat(answer.message()).contains("jwtTenant: tacc jwtUser: tms-admin OboTenant: tacc",
                        "Missing or expired dependency: Required user MFA record not found for user ID tms-admin in "
                                + "tenant tacc.");
                assertThat(tacc.totalKeysMinted()).isZero();
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

            assertThat(simulator.calls(Endpoint.TOKEN, 200)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isEqualTo(3);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 200)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 401)).isEqualTo(2);
            assertThat(simulator.calls(Endpoint.GET_SYSTEM, 200)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 201)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL, 201)).isEqualTo(1);
            assertThat(simulator.calls(Endpoint.OTHER)).isZero();
            assertThat(simulator.totalCalls()).isEqualTo(7);
            assertThat(simulator.sshHosts()).containsOnlyKeys("stampede3.example.org");
            assertThat(simulator.sshHosts().get("stampede3.example.org").connects()).as("a check and a create")
                    .isEqualTo(2);

            simulator.resetCounters();
            assertThat(simulator.totalCalls()).isZero();
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isZero();
            assertThat(simulator.sshConnects()).isZero();
            assertThat(simulator.keysMinted("stampede3", "bob")).as("state is not a counter").isEqualTo(1);
        }

        @Test
        void countCreatesAndRemovesByTheAccountWhoseTokenTheyCarryAsTheyArrive() throws IOException {
            String root = client.token(ROOT, ROOT_PASSWORD);
            client.createTmsKeys("stampede3", "bob", admin);
            client.remove("stampede3", "bob", root);
            client.remove("stampede3", "jdoe", root);
            client.check("stampede3", "jdoe", admin);
            client.getSystem("stampede3", admin);
            client.createTmsKeys("stampede3", "carol", null);
            simulator.failCalls(Endpoint.CREATE_CREDENTIAL, 1, 1, TapisSimulator.Fault.DROP);
            try {
                client.createTmsKeys("stampede3", "carol", admin);
            } catch (IOException dropped) {
                // no answer: it was sent all the same
            }
            simulator.expireAllTokens();
            assertThat(client.remove("stampede3", "carol", admin).status()).isEqualTo(401);

            assertThat(simulator.changeRequests(ADMIN)).as("created, dropped, refused for its expired token")
                    .isEqualTo(3);
            assertThat(simulator.changeRequests(ROOT)).isEqualTo(2);
            assertThat(simulator.changeRequests(ALICE)).isZero();
            simulator.resetCounters();
            assertThat(simulator.changeRequests(ADMIN)).isZero();
        }
    }
}
