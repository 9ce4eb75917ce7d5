package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.TOKENS_PATH;
import static io.tmsprovisioner.tapis.MockTapis.TOKEN_HEADER;
import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.credentialNotFound;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.expiredToken;
import static io.tmsprovisioner.tapis.MockTapis.json;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static io.tmsprovisioner.tapis.MockTapis.plainText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tmsprovisioner.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Login, renewal after a refused token (the two kinds of 401), renewal ahead of expiry, and secrets kept out
 * of messages: docs/tapis-api.md, "Tokens" and "The 401s and the revoked token".
 */
class TapisClientAuthenticationTest {
    private static final String USER = "svc-admin";
    private static final String PASSWORD = "pa55-w0rd-s3cret";
    private static final String FIXED_TOKEN = "eyJ.fixed-token.sig";
    /** When the clock tests start, and when their first token expires. */
    private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");
    private static final Instant EXPIRY = START.plus(Duration.ofHours(4));

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private TapisClient loginClient() {
        return TestClients.client(baseUrl(server), new TapisCredentials.Login(USER, new Secret(PASSWORD)));
    }

    private TapisClient fixedTokenClient() {
        return TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(FIXED_TOKEN)));
    }

    private List<RecordedRequest> allRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            requests.add(server.takeRequest(5, TimeUnit.SECONDS));
        }
        return requests;
    }

    private static void assertNoSecretIn(Throwable e) {
        assertThat(e).isNotNull();
        assertThat(e.toString()).doesNotContain(PASSWORD).doesNotContain(FIXED_TOKEN).doesNotContain("jwt-");
    }

    @Test
    void logsInLazilyOnceAndSignsEveryCall() throws Exception {
        TapisClient client = loginClient();
        assertThat(server.getRequestCount()).as("no login before the first call").isZero();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        server.enqueue(envelope(201, "SYSAPI_CRED_DELETED ok"));

        assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
        client.removeCredential("sys1", "alice");

        List<RecordedRequest> requests = allRequests();
        RecordedRequest login = requests.get(0);
        assertThat(login.getMethod()).isEqualTo("POST");
        assertThat(login.getTarget()).isEqualTo(TOKENS_PATH);
        assertThat(login.getHeaders().get(TOKEN_HEADER)).isNull();
        assertThat(login.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.builder().build().readTree(login.getBody().utf8());
        assertThat(body.get("username").stringValue()).isEqualTo(USER);
        assertThat(body.get("password").stringValue()).isEqualTo(PASSWORD);
        assertThat(body.get("grant_type").stringValue()).isEqualTo("password");
        assertThat(requests.subList(1, 3)).allSatisfy(r -> assertThat(r.getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-1"));
    }

    @Test
    void plainTextUnauthorizedRenewsTheTokenAndRepeatsOnce() throws Exception {
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(expiredToken());
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(credentialNotFound());

        assertThat(client.checkCredential("sys1", "alice").isValid()).as("the repeat's answer counts").isFalse();

        List<RecordedRequest> requests = allRequests();
        assertThat(requests).extracting(RecordedRequest::getTarget).containsExactly(TOKENS_PATH,
                "/v3/systems/credential/sys1/user/alice/check", TOKENS_PATH, "/v3/systems/credential/sys1/user/alice/check");
        assertThat(requests.get(1).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-1");
        assertThat(requests.get(3).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-2");
    }

    @Test
    void aRevokedTokenIsRenewedOnceAndTheCallRepeated() throws Exception {
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(tokenRevoked());
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(envelope(201, "SYSAPI_CRED_DELETED Credential removed."));

        client.removeCredential("sys1", "alice");

        List<RecordedRequest> requests = allRequests();
        assertThat(requests).extracting(RecordedRequest::getTarget).containsExactly(TOKENS_PATH,
                "/v3/systems/credential/sys1/user/alice", TOKENS_PATH, "/v3/systems/credential/sys1/user/alice");
        assertThat(requests.get(3).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-2");
    }

    @Test
    void aNewTokenCalledRevokedTooMeansTheGatewayCannotTellAndTheRunStopsAsAnOutage() {
        // the site router answers "revoked" for every token when its Redis fails
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(tokenRevoked());
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(tokenRevoked());

        Throwable thrown = catchThrowable(() -> client.checkCredential("sys1", "alice"));

        assertThat(thrown).isInstanceOf(TapisOutageException.class)
                .hasMessageStartingWith("Tapis's gateway answered \"Token is revoked.\" to a newly issued access token "
                        + "too: its revocation check is failing (POST /v3/systems/credential/sys1/user/alice/check "
                        + "answered HTTP 500");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void aRevokedFixedTokenCannotBeRenewed() {
        TapisClient client = TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret("eyJ.x.y")));
        server.enqueue(tokenRevoked());

        assertThat(catchThrowable(() -> client.checkCredential("sys1", "alice")))
                .isInstanceOf(TapisAuthenticationException.class)
                .hasMessage("Tapis rejected the access token (HTTP 500 Token is revoked.); set a fresh TAPIS_TOKEN or "
                        + "use TAPIS_USERNAME/TAPIS_PASSWORD");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aLoginTheAuthenticatorCouldNotServeIsTransientNotARefusalOfThePassword() {
        TapisClient client = loginClient();
        server.enqueue(json(400, "{\"message\":\"Failure to generate an access token; please try again later.\","
                + "\"metadata\":{},\"result\":null,\"status\":\"error\",\"version\":\"26Q2.0\"}\n"));

        Throwable thrown = catchThrowable(client::signIn);

        assertThat(thrown).isInstanceOf(TapisUnavailableException.class)
                .hasMessageContaining("could not issue a token for user").hasMessageContaining("please try again later");
        assertThat(((TapisUnavailableException) thrown).mayHaveTakenEffect()).isFalse();
    }

    /** nginx's error page when its site router calls the token revoked (tapis-deployer token-revoked.json). */
    private static MockResponse tokenRevoked() {
        return json(500, "{\"status\": \"error\", \"message\": \"Token is revoked.\", \"version\": \"26Q2.0\", "
                + "\"result\": null }\n");
    }

    @Test
    void createRefusedForOurTokenIsRepeatedUnchanged() throws Exception {
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(expiredToken());
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED ok"));

        client.createTmsKeys("sys1", "alice");

        List<RecordedRequest> requests = allRequests();
        for (RecordedRequest create : List.of(requests.get(1), requests.get(3))) {
            assertThat(create.getTarget())
                    .isEqualTo("/v3/systems/credential/sys1/user/alice?createTmsKeys=true&skipCredentialCheck=true");
            assertThat(create.getBody().utf8()).isEqualTo("{}");
        }
        assertThat(requests.get(3).getHeaders().get(TOKEN_HEADER)).isEqualTo("jwt-2");
    }

    @Test
    void jsonUnauthorizedWithSecurityCodeIsAlsoOurToken() {
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(envelope(401, "TAPIS_SECURITY_JWT_INVALID bad signature"));
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

        assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void tokenRefusedAgainAfterRenewalStopsWithAuthenticationError() {
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(expiredToken());
        server.enqueue(loginAnswer("jwt-2"));
        server.enqueue(plainText(401, "TAPIS_SECURITY_JWT_INVALID no such tenant"));

        Throwable e = catchThrowable(() -> client.checkCredential("sys1", "alice"));

        assertThat(e).isInstanceOf(TapisAuthenticationException.class).hasMessageContaining("TAPIS_SECURITY_JWT_INVALID");
        assertNoSecretIn(e);
        assertThat(server.getRequestCount()).as("two logins, two tries, nothing more").isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {MockTapis.EXPIRED_TOKEN_TEXT, "", "Unauthorized"})
    void fixedTokenRefusedIsAnAuthenticationErrorNeverMissingCredentials(String plainBody) {
        TapisClient client = fixedTokenClient();
        server.enqueue(plainText(401, plainBody));

        Throwable e = catchThrowable(() -> client.checkCredential("sys1", "alice"));

        assertThat(e).isInstanceOf(TapisAuthenticationException.class)
                .hasMessageStartingWith("Tapis rejected the access token (")
                .hasMessageContaining("set a fresh TAPIS_TOKEN or use TAPIS_USERNAME/TAPIS_PASSWORD");
        if (plainBody.startsWith("TAPIS_SECURITY_JWT_EXPIRED")) {
            assertThat(e).hasMessageContaining("(TAPIS_SECURITY_JWT_EXPIRED)");
        }
        assertNoSecretIn(e);
        assertThat(server.getRequestCount()).as("no login attempt").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 400})
    void failedLoginIsAnAuthenticationErrorWithTapisWords(int status) {
        TapisClient client = loginClient();
        server.enqueue(envelope(status, "Invalid username/password combination."));

        Throwable e = catchThrowable(() -> client.getSystem("sys1"));

        assertThat(e).isInstanceOf(TapisAuthenticationException.class)
                .hasMessageContaining(USER)
                .hasMessageContaining("HTTP " + status + ": Invalid username/password combination.");
        assertNoSecretIn(e);
        assertThat(server.getRequestCount()).as("no systems call without a token").isEqualTo(1);
    }

    @Test
    void passwordEchoedByTapisIsBlankedOut() {
        TapisClient client = loginClient();
        server.enqueue(envelope(401, "Invalid password " + PASSWORD + " for " + USER));

        Throwable e = catchThrowable(() -> client.getSystem("sys1"));

        assertThat(e).isInstanceOf(TapisAuthenticationException.class).hasMessageContaining("Invalid password ******");
        assertNoSecretIn(e);
    }

    @Test
    void loginAnswerWithoutTokenIsAnAuthenticationError() {
        TapisClient client = loginClient();
        server.enqueue(envelope(201, "Token created", "{\"access_token\":{}}"));

        assertThat(catchThrowable(() -> client.getSystem("sys1")))
                .isInstanceOf(TapisAuthenticationException.class)
                .hasMessageContaining("no result.access_token.access_token");
    }

    @Test
    void aTokenThatNoHeaderCanCarryIsRefusedWithoutShowingIt() throws Exception {
        // a login answer whose token holds a line break (JSON "\n"); OkHttp would quote the whole value
        TapisClient client = loginClient();
        server.enqueue(loginAnswer("eyJhbGci.secret-part\\nmore.sig"));

        Throwable e = catchThrowable(() -> client.getSystem("sys1"));

        assertThat(e).isInstanceOf(TapisAuthenticationException.class)
                .hasMessageContaining("X-Tapis-Token").hasMessageContaining("U+000A").hasMessageContaining("position 21")
                .hasNoCause();
        assertThat(e.toString()).doesNotContain("eyJhbGci").doesNotContain("secret-part");
        assertThat(server.getRequestCount()).as("only the login was sent").isEqualTo(1);
    }

    @Test
    void loginWithoutAnswerIsUnavailable() {
        TapisClient client = loginClient();
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

        Throwable e = catchThrowable(() -> client.getSystem("sys1"));

        assertThat(e).isInstanceOf(TapisUnavailableException.class).hasMessageContaining("POST " + TOKENS_PATH);
        assertNoSecretIn(e);
    }

    @Test
    void renewsAheadOfExpiry() throws Exception {
        MutableClock clock = new MutableClock(START);
        TapisClient client = TestClients.client(baseUrl(server), new TapisCredentials.Login(USER, new Secret(PASSWORD)), clock);
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        server.enqueue(loginAnswer("jwt-2", EXPIRY.plus(Duration.ofHours(4))));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

        client.checkCredential("sys1", "alice");
        clock.set(EXPIRY.minus(Duration.ofMinutes(6)));
        client.checkCredential("sys1", "alice");
        clock.set(EXPIRY.minus(Duration.ofMinutes(4)));
        client.checkCredential("sys1", "alice");

        assertThat(allRequests()).extracting(r -> r.getTarget().equals(TOKENS_PATH) ? "login" : r.getHeaders().get(TOKEN_HEADER))
                .containsExactly("login", "jwt-1", "jwt-1", "login", "jwt-2");
    }

    @Test
    void aRenewalAheadOfExpiryAskedToWaitAnHourKeepsTheTokenWhileItWorks() throws Exception {
        MutableClock clock = new MutableClock(START);
        TapisClient client = TestClients.client(baseUrl(server), new TapisCredentials.Login(USER, new Secret(PASSWORD)), clock);
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        server.enqueue(envelope(503, "SYSAPI_UNAVAILABLE maintenance").newBuilder().addHeader("Retry-After", "3600").build());
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

        client.checkCredential("sys1", "alice");
        clock.set(EXPIRY.minus(Duration.ofMinutes(4)));
        CredentialCheck check = client.checkCredential("sys1", "alice");

        assertThat(check.isValid()).isTrue();
        assertThat(allRequests()).extracting(r -> r.getTarget().equals(TOKENS_PATH) ? "login" : r.getHeaders().get(TOKEN_HEADER))
                .containsExactly("login", "jwt-1", "login", "jwt-1");
    }

    @Test
    void concurrentRefusalsShareOneRenewal() throws Exception {
        int threads = 4;
        CountDownLatch allHoldTheOldToken = new CountDownLatch(threads);
        AtomicInteger logins = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getTarget().equals(TOKENS_PATH)) {
                    return loginAnswer("jwt-" + logins.incrementAndGet());
                }
                if ("jwt-1".equals(request.getHeaders().get(TOKEN_HEADER))) {
                    // Refuse only once every thread has sent with jwt-1, so all of them need a renewal at once.
                    allHoldTheOldToken.countDown();
                    return allHoldTheOldToken.await(10, TimeUnit.SECONDS) ? expiredToken() : envelope(500, "TEST_TIMEOUT");
                }
                return envelope(200, "SYSAPI_CRED_OK ok");
            }
        });
        TapisClient client = loginClient();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String user = "user" + i;
                results.add(pool.submit(() -> client.checkCredential("sys1", user).isValid()));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(logins).as("one lazy login, one renewal").hasValue(2);
        assertThat(server.getRequestCount()).isEqualTo(2 + 2 * threads);
    }

    @Test
    void nothingSecretInToStrings() {
        TapisCredentials.Login login = new TapisCredentials.Login(USER, new Secret(PASSWORD));
        TapisClient client = TestClients.client(baseUrl(server), login);

        assertThat(login.toString() + client + AccessToken.fixed(new Secret(FIXED_TOKEN)))
                .doesNotContain(PASSWORD).doesNotContain(FIXED_TOKEN);
    }
}
