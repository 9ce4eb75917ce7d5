package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.TOKENS_PATH;
import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.expiredToken;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static io.tmsprovisioner.tapis.MockTapis.plainText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tmsprovisioner.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which failures are transient, whether they may have taken effect, and the wait Tapis asks for: the table
 * in docs/tapis-api.md, "Transient failures and lost answers".
 */
class TapisTransientFailureTest {
    private static final String TOKEN = "eyJ.fixed-token.sig";
    private static final String USER = "svc-admin";
    private static final String PASSWORD = "pa55-w0rd-s3cret";
    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    /** The four calls, with what a request of each looks like in messages. */
    enum Call {
        CHECK("POST /v3/systems/credential/sys1/user/alice/check", false, c -> c.checkCredential("sys1", "alice")),
        GET_SYSTEM("GET /v3/systems/sys1", false, c -> c.getSystem("sys1")),
        CREATE("POST /v3/systems/credential/sys1/user/alice", true, c -> c.createTmsKeys("sys1", "alice")),
        REMOVE("DELETE /v3/systems/credential/sys1/user/alice", true, c -> c.removeCredential("sys1", "alice"));

        final String request;
        final boolean writes;
        final Consumer<TapisClient> invoke;

        Call(String request, boolean writes, Consumer<TapisClient> invoke) {
            this.request = request;
            this.writes = writes;
            this.invoke = invoke;
        }
    }

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private MutableClock clock;
    private TapisClient client;

    @BeforeEach
    void start() {
        clock = new MutableClock(NOW);
        client = TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(TOKEN)), clock);
    }

    private TapisClient loginClient() {
        return TestClients.client(baseUrl(server), new TapisCredentials.Login(USER, new Secret(PASSWORD)), clock);
    }

    private static MockResponse withRetryAfter(MockResponse response, String retryAfter) {
        return response.newBuilder().addHeader("Retry-After", retryAfter).build();
    }

    private static MockResponse dropped() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    private TapisUnavailableException unavailable(Call call) {
        return unavailable(() -> call.invoke.accept(client));
    }

    private static TapisUnavailableException unavailable(Runnable call) {
        TapisUnavailableException e = catchThrowableOfType(TapisUnavailableException.class, call::run);
        assertThat(e).as("TapisUnavailableException").isNotNull();
        assertThat(e.toString()).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain("jwt-")
                .doesNotContain("createTmsKeys").doesNotContain("select=");
        return e;
    }

    @Nested
    class Answers {
        @ParameterizedTest
        @EnumSource(Call.class)
        void serviceUnavailableCannotHaveTakenEffect(Call call) {
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE The service is temporarily unavailable."), "30"));
            server.enqueue(new MockResponse.Builder().code(503).build());

            TapisUnavailableException withHeader = unavailable(call);
            TapisUnavailableException without = unavailable(call);

            assertThat(withHeader.httpStatus()).isEqualTo(503);
            assertThat(withHeader.mayHaveTakenEffect()).isFalse();
            assertThat(withHeader.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(withHeader.getMessage()).contains(call.request + " answered HTTP 503 Service Unavailable");
            assertThat(without.httpStatus()).isEqualTo(503);
            assertThat(without.mayHaveTakenEffect()).isFalse();
            assertThat(without.retryAfter()).isEmpty();
            assertThat(without.getMessage()).contains("(empty body)");
            assertThat(server.getRequestCount()).isEqualTo(2);
        }

        @ParameterizedTest
        @CsvSource({"502, Bad Gateway", "504, Gateway Timeout"})
        void gatewayErrorsMayHaveTakenEffect(int status, String reason) {
            for (Call call : Call.values()) {
                server.enqueue(plainText(status, "<html><body>" + reason + "</body></html>"));

                TapisUnavailableException e = unavailable(call);

                assertThat(e.httpStatus()).as(call.name()).isEqualTo(status);
                assertThat(e.mayHaveTakenEffect()).as("%s: the gateway may have passed it on", call).isTrue();
                assertThat(e.retryAfter()).isEmpty();
                assertThat(e.getMessage()).contains(call.request + " answered HTTP " + status + " " + reason);
            }
            assertThat(server.getRequestCount()).isEqualTo(Call.values().length);
        }

        @ParameterizedTest
        @EnumSource(value = Call.class, names = {"CHECK", "GET_SYSTEM"})
        void internalErrorOnAReadIsTransientWithoutEffect(Call call) {
            server.enqueue(envelope(500, "SYSAPI_INTERNAL_ERROR Database timeout"));

            TapisUnavailableException e = unavailable(call);

            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.mayHaveTakenEffect()).isFalse();
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.getMessage()).contains(call.request + " answered HTTP 500 Internal Server Error")
                    .contains("SYSAPI_INTERNAL_ERROR Database timeout");
        }

        @ParameterizedTest
        @EnumSource(value = Call.class, names = {"CREATE", "REMOVE"})
        void internalErrorOnAWriteIsALostAnswerThatMayHaveTakenEffect(Call call) {
            // TMS may have minted a key before the secret write failed; the service does not roll back
            server.enqueue(envelope(500, "SYSAPI_INTERNAL_ERROR TMS said no"));

            TapisUnavailableException e = unavailable(call);

            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.mayHaveTakenEffect()).isTrue();
            assertThat(e.getMessage()).contains(call.request + " answered HTTP 500 Internal Server Error");
            assertThat(server.getRequestCount()).as("never repeated by the client").isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 403, 404, 501, 505})
        void otherErrorsAreStillRefusals(int status) {
            for (Call call : Call.values()) {
                server.enqueue(envelope(status, "SYSAPI_SOMETHING refused"));

                assertThatThrownBy(() -> call.invoke.accept(client)).as(call.name())
                        .isInstanceOf(TapisRefusalException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(Call.class)
        void droppedConnectionMayHaveTakenEffect(Call call) {
            server.enqueue(dropped());

            TapisUnavailableException e = unavailable(call);

            assertThat(e.httpStatus()).as("no answer").isZero();
            assertThat(e.mayHaveTakenEffect()).isTrue();
            assertThat(e.effect()).as("nobody said the service stopped").isEqualTo(CallEffect.MAY_STILL_TAKE_EFFECT);
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.getMessage()).contains(call.request);
            assertThat(e.getCause()).isNotNull();
        }

        @Test
        void serviceUnavailableWithRetryAfterZeroIsNotRepeatedBehindOurBack() {
            // OkHttp on its own repeats such a 503 at once, whatever retryOnConnectionFailure says.
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE busy"), "0"));
            server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED must not be reached"));

            TapisUnavailableException e = unavailable(Call.CREATE);

            assertThat(e.retryAfter()).contains(Duration.ZERO);
            assertThat(server.getRequestCount()).as("one create, no silent second").isEqualTo(1);
            assertThat(client.callsSent()).isEqualTo(1);
        }

        @Test
        void alsoWithAnHttpClientNotBuiltByTapisClient() {
            OkHttpClient own = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                    .followRedirects(false).followSslRedirects(false).build();
            TapisClient c = TestClients.client(baseUrl(server), new TapisCredentials.Token(new Secret(TOKEN)), own);
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE busy"), "0"));
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE busy"), "99999999999999999"));
            server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED must not be reached"));

            assertThat(unavailable(() -> c.createTmsKeys("sys1", "alice")).retryAfter()).contains(Duration.ZERO);
            assertThatThrownBy(() -> c.createTmsKeys("sys1", "alice"))
                    .as("too large for OkHttp's own parsing, which would throw; far beyond what a run waits")
                    .isInstanceOf(TapisOutageException.class).hasMessageContaining("asks to wait 99999999999999999 s");
            assertThat(server.getRequestCount()).isEqualTo(2);
        }

        @Test
        void transientAnswerToTheRepeatAfterRenewalIsClassifiedLikeAnyOther() {
            TapisClient c = loginClient();
            server.enqueue(loginAnswer("jwt-1"));
            server.enqueue(expiredToken());
            server.enqueue(loginAnswer("jwt-2"));
            server.enqueue(plainText(504, "Gateway Timeout"));

            TapisUnavailableException e = unavailable(() -> c.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(504);
            assertThat(e.mayHaveTakenEffect()).isTrue();
            assertThat(server.getRequestCount()).isEqualTo(4);
        }
    }

    @Nested
    class RetryAfter {
        private Duration retryAfterOf503(String header) {
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE busy"), header));
            return unavailable(Call.CHECK).retryAfter().orElse(null);
        }

        @ParameterizedTest
        @CsvSource({"0, 0", "1, 1", "120, 120", "' 45 ', 45", "300, 300"})
        void deltaSeconds(String header, long seconds) {
            assertThat(retryAfterOf503(header)).isEqualTo(Duration.ofSeconds(seconds));
        }

        @ParameterizedTest
        @ValueSource(strings = {"301", "86400", "Sat, 01 Jun 2030 13:00:00 GMT"})
        void beyondFiveMinutesIsAnOutageNotAWait(String header) {
            server.enqueue(withRetryAfter(envelope(503, "SYSAPI_UNAVAILABLE maintenance"), header));

            assertThatThrownBy(() -> client.checkCredential("sys1", "alice")).isInstanceOf(TapisOutageException.class)
                    .hasMessageContaining("longer than a run waits (5 min)")
                    .hasMessageContaining("answered HTTP 503 Service Unavailable (SYSAPI_UNAVAILABLE maintenance)")
                    .as("the job's summary, not the client, says how to go on").hasMessageNotContaining("command");
        }

        @Test
        void httpDateIsAWaitFromNow() {
            assertThat(retryAfterOf503("Sat, 01 Jun 2030 12:01:30 GMT")).isEqualTo(Duration.ofSeconds(90));
        }

        @Test
        void httpDateIsReadAgainstTheClockWhenTheAnswerArrives() {
            clock.set(NOW.plusSeconds(60));

            assertThat(retryAfterOf503("Sat, 01 Jun 2030 12:01:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void httpDateInThePastMeansNow() {
            assertThat(retryAfterOf503("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "-5", "1.5", "5s", "0x10", "1234567890123456789012",
                "2030-06-01T12:01:30Z", "Sat, 32 Jun 2030 12:01:30 GMT", "Sat, 01 Jun 2030"})
        void garbledIsNoWait(String header) {
            assertThat(retryAfterOf503(header)).isNull();
        }
    }

    @Nested
    class Login {
        @ParameterizedTest
        @CsvSource({"500, Internal Server Error", "502, Bad Gateway", "503, Service Unavailable", "504, Gateway Timeout"})
        void transientAnswersAreUnavailableAndSafeToRepeat(int status, String reason) {
            TapisClient c = loginClient();
            server.enqueue(withRetryAfter(envelope(status, "Busy; your password " + PASSWORD + " is fine"), "12"));

            TapisUnavailableException e = unavailable(() -> c.checkCredential("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.mayHaveTakenEffect()).as("a login is safe to repeat").isFalse();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
            assertThat(e.getMessage()).contains("POST " + TOKENS_PATH + " answered HTTP " + status + " " + reason);
            assertThat(server.getRequestCount()).as("no systems call without a token").isEqualTo(1);
        }

        @Test
        void noAnswerIsUnavailableAndSafeToRepeat() {
            TapisClient c = loginClient();
            server.enqueue(dropped());

            TapisUnavailableException e = unavailable(() -> c.getSystem("sys1"));

            assertThat(e.httpStatus()).isZero();
            assertThat(e.mayHaveTakenEffect()).isFalse();
            assertThat(e.getMessage()).contains("POST " + TOKENS_PATH);
        }

        @ParameterizedTest
        @ValueSource(ints = {400, 401, 403})
        void onlyTheseAreARefusalOfTheCredentials(int status) {
            TapisClient c = loginClient();
            server.enqueue(envelope(status, "TAPIS_AUTH_INVALID_CREDENTIALS Invalid username or password."));

            assertThat(catchThrowable(() -> c.getSystem("sys1"))).isInstanceOf(TapisAuthenticationException.class)
                    .hasMessageContaining("Tapis refused the login of user '" + USER + "'")
                    .hasMessageContaining("check TAPIS_USERNAME/TAPIS_PASSWORD");
        }

        @Test
        void anAnswerNoTokenEndpointGivesPointsAtTheBaseUrl() {
            TapisClient c = loginClient();
            server.enqueue(envelope(404, "TAPIS_NOT_FOUND No such endpoint"));

            assertThat(catchThrowable(() -> c.getSystem("sys1"))).isInstanceOf(TapisAuthenticationException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining("check that the base URL is the tenant's");
        }

        @Test
        void unavailableRenewalLeavesTheCallUndone() {
            TapisClient c = loginClient();
            server.enqueue(loginAnswer("jwt-1"));
            server.enqueue(expiredToken());
            server.enqueue(new MockResponse.Builder().code(503).build());

            TapisUnavailableException e = unavailable(() -> c.createTmsKeys("sys1", "alice"));

            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.mayHaveTakenEffect()).as("the create was refused at the gateway; the login changed nothing").isFalse();
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
    }

    @Nested
    class ExceptionItself {
        @Test
        void messageAndCauseConstructorMeansNoAnswerMayHaveTakenEffect() {
            TapisUnavailableException e = new TapisUnavailableException("lost", new java.io.IOException("reset"));

            assertThat(e.httpStatus()).isZero();
            assertThat(e.mayHaveTakenEffect()).isTrue();
            assertThat(e.effect()).as("nobody said the service stopped").isEqualTo(CallEffect.MAY_STILL_TAKE_EFFECT);
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e).hasMessage("lost").hasCauseInstanceOf(java.io.IOException.class);
        }

        @Test
        void negativeStatusOrWaitIsRefused() {
            assertThatThrownBy(() -> new TapisUnavailableException("x", null, -1, CallEffect.NONE, null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new TapisUnavailableException("x", null, 503, CallEffect.NONE, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
