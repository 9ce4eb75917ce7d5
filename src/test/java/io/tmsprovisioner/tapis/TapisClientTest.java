package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.TOKEN_HEADER;
import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.credentialNotFound;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.http;
import static io.tmsprovisioner.tapis.MockTapis.json;
import static io.tmsprovisioner.tapis.MockTapis.mapperEnvelope;
import static io.tmsprovisioner.tapis.MockTapis.plainText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four calls with a fixed token: requests sent, every answer in the tables of docs/tapis-api.md
 * ("getSystem", "checkUserCredential", "createUserCredential (createTmsKeys)", "removeUserCredential"),
 * names ("Names"), I/O failures and bodies ("Transport: bodies, text, redirects, timeouts"); and the guarded
 * views runs send through.
 */
class TapisClientTest {
    private static final String TOKEN = "eyJ.fixed-token.sig";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private TapisClient client;

    @BeforeEach
    void start() {
        client = TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(TOKEN)));
    }

    private RecordedRequest taken() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("request reached the server").isNotNull();
        return request;
    }

    private static TapisRefusalException refusal(Runnable call) {
        TapisRefusalException e = catchThrowableOfType(TapisRefusalException.class, call::run);
        assertThat(e).as("TapisRefusalException").isNotNull();
        return e;
    }

    @Nested
    class HasCredential {
        @Test
        void sendsAnEmptyPostToCheckWithTheToken() throws Exception {
            server.enqueue(envelope(200, "SYSAPI_CRED_OK Credentials valid"));

            assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();

            RecordedRequest request = taken();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getTarget()).isEqualTo("/v3/systems/credential/sys1/user/alice/check");
            assertThat(request.getHeaders().get(TOKEN_HEADER)).isEqualTo(TOKEN);
            assertThat(request.getBodySize()).isZero();
        }

        @Test
        void theMappersUnauthorizedCredNotFoundMeansMissing() {
            server.enqueue(credentialNotFound());

            CredentialCheck check = client.checkCredential("sys1", "alice");

            assertThat(check.status()).isEqualTo(CredentialCheck.Status.MISSING);
            assertThat(check.reasonCode()).isEqualTo("SYSLIB_CRED_NOT_FOUND");
            assertThat(check.status().isConclusive()).isTrue();
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @ParameterizedTest
        @CsvSource({
                "SYSLIB_CRED_VALID_FAIL Invalid credentials. Host: h Message: Auth fail, INVALID",
                "SYSLIB_CRED_CONN_FAIL Unable to connect to system using provided credential. Host: h Error: timeout, UNREACHABLE",
                "SYSLIB_CRED_NOT_SUPPORTED Credential validation failed. Not supported for system type., UNDETERMINED",
                "Something nobody documented, UNDETERMINED"})
        void aFailedVerificationIsReadByTheReasonAfterMessage(String reason, CredentialCheck.Status status) {
            String message = "SYSAPI_CRED_VALID_FAIL Credential validation failed. jwtTenant: t jwtUser: admin "
                    + "OboTenant: t OboUser: admin System: sys1 User: alice AuthnMethod: TMS_KEYS Message: " + reason;
            server.enqueue(envelope(401, message));

            CredentialCheck check = client.checkCredential("sys1", "alice");

            assertThat(check.status()).isEqualTo(status);
            assertThat(check.reasonCode()).isEqualTo(reason.startsWith("SYSLIB") ? reason.split(" ")[0] : null);
            assertThat(check.message()).isEqualTo(message);
            assertThat(check.status().isConclusive()).isEqualTo(status != CredentialCheck.Status.UNREACHABLE
                    && status != CredentialCheck.Status.UNDETERMINED);
        }

        @Test
        void judgesByHttpStatusNotTheStatusField() {
            server.enqueue(json(200, "{\"status\":\"error\",\"message\":\"SYSAPI_CRED_OK ok\",\"result\":null}"));

            assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
        }

        @ParameterizedTest
        @CsvSource({
                "403, SYSAPI_UNAUTH",
                "404, SYSAPI_NOSYSTEM",
                "400, SYSAPI_INVALID_REQUEST",
                "401, SYSAPI_SOMETHING_ELSE"})
        void otherAnswersAreRefusals(int status, String code) {
            server.enqueue(envelope(status, code + " refused for alice on sys1"));

            TapisRefusalException e = refusal(() -> client.checkCredential("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.tapisMessage()).isEqualTo(code + " refused for alice on sys1");
        }
    }

    @Nested
    class GetSystem {
        @Test
        void readsWhatACreateDependsOnFromResult() throws Exception {
            server.enqueue(envelope(200, "TAPIS_FOUND System found: sys1",
                    "{\"id\":\"sys1\",\"defaultAuthnMethod\":\"TMS_KEYS\",\"enabled\":\"true\","
                            + "\"isDynamicEffectiveUser\":\"true\",\"systemType\":\"LINUX\",\"host\":\"login.sys1.org\"}"));

            assertThat(client.getSystem("sys1")).isEqualTo(new SystemInfo("sys1", "TMS_KEYS", true, "LINUX",
                    "login.sys1.org"));

            RecordedRequest request = taken();
            assertThat(request.getMethod()).isEqualTo("GET");
            assertThat(request.getTarget())
                    .isEqualTo("/v3/systems/sys1?select=id,defaultAuthnMethod,enabled,isDynamicEffectiveUser,systemType,host");
            assertThat(request.getHeaders().get(TOKEN_HEADER)).isEqualTo(TOKEN);
        }

        @Test
        void attributesTheAnswerLeavesOutAreNull() {
            server.enqueue(envelope(200, "TAPIS_FOUND System found: sys1",
                    "{\"id\":\"sys1\",\"defaultAuthnMethod\":\"PASSWORD\"}"));

            assertThat(client.getSystem("sys1")).isEqualTo(new SystemInfo("sys1", "PASSWORD", null, null, null));
        }

        @ParameterizedTest
        @CsvSource({"404, SYSAPI_NOT_FOUND", "403, SYSLIB_UNAUTH"})
        void refusals(int status, String code) {
            server.enqueue(envelope(status, code + " no system sys1"));

            TapisRefusalException e = refusal(() -> client.getSystem("sys1"));

            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        }

        @ParameterizedTest
        @ValueSource(strings = {"<html>ok</html>", "{\"status\":\"success\",\"message\":\"SYSAPI_SYS_FOUND x\",\"result\":{\"id\":\"sys1\"}}"})
        void successWithoutUsableResultIsARefusal(String body) {
            server.enqueue(json(200, body));

            TapisRefusalException e = refusal(() -> client.getSystem("sys1"));

            assertThat(e.httpStatus()).isEqualTo(200);
            assertThat(e.code()).isNull();
            assertThat(e.tapisMessage()).startsWith("getSystem answer has no result.id and result.defaultAuthnMethod");
        }
    }

    @Nested
    class CreateTmsKeys {
        @ParameterizedTest
        @ValueSource(ints = {201, 200})
        void postsAnEmptyJsonObjectAndSkipsTheHostCheck(int status) throws Exception {
            server.enqueue(envelope(status, "SYSAPI_CRED_UPDATED Credential updated"));

            client.createTmsKeys("sys1", "alice");

            RecordedRequest request = taken();
            assertThat(request.getMethod()).isEqualTo("POST");
            assertThat(request.getTarget())
                    .isEqualTo("/v3/systems/credential/sys1/user/alice?createTmsKeys=true&skipCredentialCheck=true");
            assertThat(request.getBody().utf8()).isEqualTo("{}");
            assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
            assertThat(request.getHeaders().get(TOKEN_HEADER)).isEqualTo(TOKEN);
        }

        @Test
        void aFailedVerificationIsARefusalNothingWasStored() {
            // a Tapis that ignores skipCredentialCheck verifies, and stores nothing when that fails
            server.enqueue(envelope(401, "SYSAPI_CRED_VALID_FAIL Credential validation failed. System: sys1 User: "
                    + "alice AuthnMethod: TMS_KEYS Message: SYSLIB_CRED_VALID_FAIL Invalid credentials."));

            TapisRefusalException e = refusal(() -> client.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.code()).isEqualTo("SYSAPI_CRED_VALID_FAIL");
            assertThat(server.getRequestCount()).as("never repeated").isEqualTo(1);
        }

        @ParameterizedTest
        @CsvSource({
                "SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED Creation of TMS keys with loginUser mapping or static "
                        + "effectiveUserId not supported., SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED",
                "SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE Creation of TMS keys not supported for system type., "
                        + "SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE",
                "SYSLIB_CRED_TMS_KEYS_NOT_CFG TMS is not configured., SYSLIB_CRED_TMS_KEYS_NOT_CFG",
                "SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED Not allowed., SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED",
                "SYSLIB_CRED_TMS_KEYS_HTTP_ERR TMS answered 403: Missing or expired dependency: no delegation, "
                        + "SYSLIB_CRED_TMS_KEYS_HTTP_ERR"})
        void aRefusalWrappedInA500IsARefusalNamedByWhatItWraps(String wrapped, String code) {
            String message = "SYSAPI_CRED_ERROR Unable to operate on credential for system. jwtTenant: t jwtUser: "
                    + "admin OboTenant: t OboUser: admin System: sys1 User: alice Operation: create Error: " + wrapped;
            server.enqueue(envelope(500, message));

            TapisRefusalException e = refusal(() -> client.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.tapisMessage()).isEqualTo(message);
            assertThat(server.getRequestCount()).as("never repeated").isEqualTo(1);
        }

        @ParameterizedTest
        @CsvSource({"401, true", "403, true", "404, true", "500, false", "503, false"})
        void whatTmsAnsweredDecidesWhetherItsErrorIsARefusal(String tmsStatus, boolean refusal) {
            String message = "SYSAPI_CRED_ERROR Unable to operate on credential for system. System: sys1 User: alice "
                    + "Operation: createUserCredential Error: SYSLIB_CRED_TMS_KEYS_HTTP_ERR Error response from TMS. "
                    + "Response: {\"result_code\":\"" + tmsStatus + "\",\"result_msg\":\"no\"}";
            server.enqueue(mapperEnvelope(500, "Internal Server Error", message.replace("\"", "\\\"")));

            Throwable thrown = catchThrowable(() -> client.createTmsKeys("sys1", "alice"));

            if (refusal) {
                assertThat(thrown).isInstanceOf(TapisRefusalException.class);
                assertThat(((TapisRefusalException) thrown).code()).isEqualTo("SYSLIB_CRED_TMS_KEYS_HTTP_ERR");
            } else {
                assertThat(thrown).as("TMS failed: nothing minted, try again").isInstanceOf(TapisUnavailableException.class);
                assertThat(((TapisUnavailableException) thrown).effect()).isEqualTo(CallEffect.NONE);
            }
        }

        @ParameterizedTest
        @CsvSource({"403, SYSLIB_UNAUTH", "404, SYSAPI_NOSYSTEM"})
        void refusals(int status, String code) {
            server.enqueue(envelope(status, code + " could not create keys"));

            TapisRefusalException e = refusal(() -> client.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.tapisMessage()).isEqualTo(code + " could not create keys");
            assertThat(server.getRequestCount()).as("never repeated").isEqualTo(1);
        }

        @Test
        void nonJsonErrorBodyIsQuotedTruncated() {
            server.enqueue(plainText(400, "<html>" + "x".repeat(1000) + "</html>"));

            TapisRefusalException e = refusal(() -> client.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isNull();
            assertThat(e.tapisMessage()).startsWith("<html>xxx").hasSizeLessThan(310);
        }

        @Test
        void emptyErrorBodyIsSaidSo() {
            server.enqueue(new MockResponse.Builder().code(403).build());

            assertThat(refusal(() -> client.createTmsKeys("sys1", "alice")).tapisMessage()).isEqualTo("(empty body)");
        }
    }

    @Nested
    class RemoveCredential {
        @ParameterizedTest
        @ValueSource(ints = {201, 200, 204})
        void anySuccessIsDone(int status) throws Exception {
            server.enqueue(status == 204 ? new MockResponse.Builder().code(204).build()
                    : envelope(status, "SYSAPI_CRED_DELETED Credential deleted"));

            client.removeCredential("sys1", "alice");

            RecordedRequest request = taken();
            assertThat(request.getMethod()).isEqualTo("DELETE");
            assertThat(request.getTarget()).isEqualTo("/v3/systems/credential/sys1/user/alice");
            assertThat(request.getHeaders().get(TOKEN_HEADER)).isEqualTo(TOKEN);
        }

        @ParameterizedTest
        @CsvSource({"403, SYSAPI_UNAUTH", "404, SYSAPI_NOSYSTEM"})
        void refusals(int status, String code) {
            server.enqueue(envelope(status, code + " not allowed"));

            TapisRefusalException e = refusal(() -> client.removeCredential("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        }
    }

    @Nested
    class Names {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "../x      | ..%2Fx",
                "a/b       | a%2Fb",
                "%2F       | %252F",
                "%2e%2E    | %252e%252E",
                "'a b'     | a%20b",
                "ü         | %C3%BC",
                "?x#y\\z   | %3Fx%23y%5Cz",
                "alice@x.y | alice@x.y"})
        void eachNameIsExactlyOneEncodedSegment(String name, String encoded) throws Exception {
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            server.enqueue(envelope(200, "SYSAPI_SYS_FOUND ok", "{\"id\":\"s\",\"defaultAuthnMethod\":\"PASSWORD\"}"));

            client.checkCredential(name, name);
            client.getSystem(name);

            RecordedRequest check = taken();
            assertThat(check.getTarget()).isEqualTo("/v3/systems/credential/" + encoded + "/user/" + encoded + "/check");
            assertThat(check.getUrl().pathSegments()).hasSize(7).element(3).isEqualTo(name);
            assertThat(taken().getTarget()).isEqualTo("/v3/systems/" + encoded + "?select=id,defaultAuthnMethod,enabled,isDynamicEffectiveUser,systemType,host");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {".", "..", "...", "", " ", "\t"})
        void dotsAndBlanksAreRefusedBeforeAnyRequest(String name) {
            assertRefusedName("systemId", () -> client.checkCredential(name, "alice"));
            assertRefusedName("username", () -> client.checkCredential("sys1", name));
            assertRefusedName("systemId", () -> client.getSystem(name));
            assertRefusedName("username", () -> client.createTmsKeys("sys1", name));
            assertRefusedName("systemId", () -> client.removeCredential(name, "alice"));
            assertThat(server.getRequestCount()).isZero();
        }

        private void assertRefusedName(String field, Runnable call) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(field + " ");
        }
    }

    @Nested
    class Construction {
        @ParameterizedTest
        @ValueSource(strings = {"", "/", "/tapis/"})
        void baseUrlMayEndWithASlashOrCarryAPrefix(String suffix) throws Exception {
            String base = server.url(suffix).toString();
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            TapisClient c = TestClients.client(suffix.isEmpty() ? base.substring(0, base.length() - 1) : base,
                    new TapisCredentials.Token(new Secret(TOKEN)));

            c.checkCredential("sys1", "alice");

            String prefix = suffix.equals("/tapis/") ? "/tapis" : "";
            assertThat(taken().getTarget()).isEqualTo(prefix + "/v3/systems/credential/sys1/user/alice/check");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"designsafe.tapis.io", "ftp://x.y", "https://", "not a url"})
        void invalidBaseUrlIsRefused(String baseUrl) {
            assertThatThrownBy(() -> TestClients.client(baseUrl, new TapisCredentials.Token(new Secret(TOKEN))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Tapis base URL is not an http(s) URL");
        }

        @Test
        void httpClientThatRetriesOrRedirectsIsRefused() {
            Consumer<OkHttpClient> construct = http -> TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(TOKEN)), http);

            assertThatThrownBy(() -> construct.accept(new OkHttpClient())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> construct.accept(http().newBuilder().followRedirects(true).build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void defaultHttpClientNeitherRetriesNorRedirects() {
            OkHttpClient http = http();

            assertThat(http.retryOnConnectionFailure()).isFalse();
            assertThat(http.followRedirects()).isFalse();
            assertThat(http.followSslRedirects()).isFalse();
        }

        @Test
        void redirectIsARefusalAndTheTokenGoesNowhereElse() {
            server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://elsewhere.invalid/steal").build());

            assertThat(refusal(() -> client.removeCredential("sys1", "alice")).httpStatus()).isEqualTo(302);
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Nested
    class IoFailures {
        @Test
        void droppedConnectionIsUnavailableAndNotRepeated() {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

            TapisUnavailableException e = catchThrowableOfType(TapisUnavailableException.class,
                    () -> client.createTmsKeys("sys1", "alice"));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("POST /v3/systems/credential/sys1/user/alice")
                    .doesNotContain("createTmsKeys").doesNotContain(TOKEN);
            assertThat(e.getCause()).isNotNull();
            assertThat(server.getRequestCount()).isEqualTo(1);
        }

        @Test
        void connectionRefusedIsUnavailable() {
            String base = baseUrl(server);
            server.close();
            TapisClient c = TestClients.client(base, new TapisCredentials.Token(new Secret(TOKEN)));

            assertThatThrownBy(() -> c.getSystem("sys1"))
                    .isInstanceOf(TapisUnavailableException.class)
                    .hasMessageContaining("GET /v3/systems/sys1")
                    .hasMessageNotContaining(TOKEN)
                    .cause().isNotNull();
        }

        @Test
        void aCreateThatNeverReachedTapisDidNothing() {
            String base = baseUrl(server);
            server.close();
            TapisClient c = TestClients.client(base, new TapisCredentials.Token(new Secret(TOKEN)));

            TapisUnavailableException e = catchThrowableOfType(TapisUnavailableException.class,
                    () -> c.createTmsKeys("sys1", "alice"));

            assertThat(e).isNotNull();
            assertThat(e.effect()).as("connection refused: nothing was sent").isEqualTo(CallEffect.NOT_SENT);
            assertThat(e.mayHaveTakenEffect()).isFalse();
            assertThat(e.getMessage()).contains("(not sent)");
        }

        @Test
        void aReadOnAPooledConnectionTheServerHadClosedIsRepeatedOnANewOne() {
            // nginx closes a kept-alive connection after 5 s idle; a read caught by that is sent again at once
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"status\":\"success\",\"message\":\"TAPIS_FOUND System found: sys1\",\"result\":"
                            + "{\"id\":\"sys1\",\"defaultAuthnMethod\":\"TMS_KEYS\"}}")
                    .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.enqueue(envelope(200, "TAPIS_FOUND System found: sys1",
                    "{\"id\":\"sys1\",\"defaultAuthnMethod\":\"PASSWORD\"}"));

            client.getSystem("sys1");
            SystemInfo second = client.getSystem("sys1");

            assertThat(second.defaultAuthnMethod()).isEqualTo("PASSWORD");
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(client.callsSent()).as("one send on the closed connection, one on a new one").isEqualTo(3);
        }

        @Test
        void stalledAnswerTimesOutAsUnavailable() {
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
            OkHttpClient impatient = TestClients.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(5)).httpClient();
            TapisClient c = TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(TOKEN)), impatient);

            assertThatThrownBy(() -> c.removeCredential("sys1", "alice"))
                    .isInstanceOf(TapisUnavailableException.class)
                    .hasMessageContaining("DELETE /v3/systems/credential/sys1/user/alice")
                    .hasCauseInstanceOf(InterruptedIOException.class);
        }
    }

    /** What Tapis sends is bounded in size, and its words reach the outcome table and the terminal printable. */
    @Nested
    class HostileAnswers {
        @Test
        void controlCharactersAndTerminalEscapesAreTakenOutOfTapissMessages() {
            // a NUL (PostgreSQL refuses it in text), a screen clear and a title change, a C1 control, a line break
            server.enqueue(envelope(404, "SYSAPI_NOSYSTEM no\\u0000 system \\u001b[2J\\u001b[1;31mred"
                    + "\\u001b]0;owned\\u0007 x\\u009b1m y\\nz\\ttab"));
            server.enqueue(plainText(403, "Forbidden\u0000\u001b[2J by \u0007gateway"));

            TapisRefusalException envelope = refusal(() -> client.getSystem("sys1"));
            TapisRefusalException plain = refusal(() -> client.getSystem("sys2"));

            assertThat(envelope.tapisMessage())
                    .isEqualTo("SYSAPI_NOSYSTEM no\uFFFD system \uFFFD\uFFFDred\uFFFD]0;owned\uFFFD x\uFFFD y z\ttab");
            assertThat(envelope.code()).isEqualTo("SYSAPI_NOSYSTEM");
            assertThat(plain.tapisMessage()).isEqualTo("Forbidden\uFFFD\uFFFD by \uFFFDgateway");
            assertThat(envelope.getMessage() + plain.getMessage()).doesNotContainPattern("[\\x00-\\x08\\x0A-\\x1F\\x7F-\\x9F]");
        }

        @Test
        void anAnswerLargerThanOneMebibyteIsNotReadAndIsUnusable() {
            server.enqueue(json(200, "{\"message\":\"ok\",\"result\":\"" + "x".repeat(2 << 20) + "\"}"));

            TapisUnavailableException e = catchThrowableOfType(TapisUnavailableException.class,
                    () -> client.getSystem("sys1"));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("GET /v3/systems/sys1", "HTTP 200", "larger than 1 MiB");
            assertThat(e.httpStatus()).isEqualTo(200);
        }

        @Test
        void anAnswerOfExactlyOneMebibyteIsRead() {
            String envelope = "{\"message\":\"SYSAPI_NOSYSTEM no\",\"pad\":\"\"}";
            server.enqueue(json(404, envelope.replace("\"pad\":\"\"", "\"pad\":\""
                    + "x".repeat((1 << 20) - envelope.length()) + "\"")));

            assertThat(refusal(() -> client.getSystem("sys1")).code()).isEqualTo("SYSAPI_NOSYSTEM");
        }
    }

    /**
     * A guard belongs to the run that made its view, not to the client: one process may run two jobs on one
     * client, and a row the first run left in flight must stay refused once the second run guards its own sends.
     */
    @Nested
    class GuardedViews {
        /** A run's guard: counts the changes it was asked about, and refuses them all once its run has ended. */
        private static final class Guard implements SendGuard {
            final AtomicInteger asked = new AtomicInteger();
            final boolean ended;

            Guard(boolean ended) {
                this.ended = ended;
            }

            @Override
            public void beforeChange() {
                asked.incrementAndGet();
                if (ended) {
                    throw new IllegalStateException("run A has ended");
                }
            }

            @Override
            public boolean pause(Duration wait) {
                return !ended;
            }
        }

        @Test
        void aViewKeepsItsOwnGuardAfterAnotherRunsViewIsMadeAndUsed() throws Exception {
            // given: run A has ended; run B, on the same client, runs
            Guard endedA = new Guard(true);
            Guard runningB = new Guard(false);
            TapisSystems runA = client.guarded(endedA);
            TapisSystems runB = client.guarded(runningB);
            server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED Credential updated"));
            runB.createTmsKeys("sys1", "bob");

            // when: a row A left in flight sends its create, then its remove
            assertThatThrownBy(() -> runA.createTmsKeys("sys1", "alice")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("run A has ended");
            assertThatThrownBy(() -> runA.removeCredential("sys1", "alice")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("run A has ended");

            // then: A refused both, and only B's create reached Tapis
            assertThat(endedA.asked).hasValue(2);
            assertThat(runningB.asked).hasValue(1);
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(taken().getTarget())
                    .isEqualTo("/v3/systems/credential/sys1/user/bob?createTmsKeys=true&skipCredentialCheck=true");
        }

        @Test
        void readsGoThroughEitherViewAndTheClientItselfIsUnguarded() {
            Guard endedA = new Guard(true);
            Guard runningB = new Guard(false);
            TapisSystems runA = client.guarded(endedA);
            TapisSystems runB = client.guarded(runningB);
            server.enqueue(envelope(200, "SYSAPI_CRED_OK Credentials valid"));
            server.enqueue(envelope(200, "SYSAPI_CRED_OK Credentials valid"));
            server.enqueue(envelope(200, "SYSAPI_CRED_DELETED Credential deleted"));

            assertThat(runA.checkCredential("sys1", "alice").isValid()).isTrue();
            assertThat(runB.checkCredential("sys1", "bob").isValid()).isTrue();
            client.removeCredential("sys1", "carol");

            assertThat(server.getRequestCount()).isEqualTo(3);
            assertThat(endedA.asked).as("reads are not guarded; the client's own calls are not A's").hasValue(0);
            assertThat(runningB.asked).hasValue(0);
        }
    }
}
