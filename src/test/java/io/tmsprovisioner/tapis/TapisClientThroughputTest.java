package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.TOKENS_PATH;
import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.expiredToken;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ClientSettings, the HTTP client they build, the call counter and the rate limiter's place in the client. */
class TapisClientThroughputTest {
    private static final String TOKEN = "eyJ.fixed-token.sig";
    private static final TapisCredentials LOGIN = new TapisCredentials.Login("svc-admin", new Secret("pa55-w0rd"));
    private static final TapisCredentials FIXED = new TapisCredentials.Token(new Secret(TOKEN));

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Nested
    class SettingsValidation {
        private static final Duration S = Duration.ofSeconds(1);

        @Test
        void defaults() {
            assertThat(ClientSettings.defaults()).isEqualTo(new ClientSettings(
                    Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180), 16,
                    0, Duration.ofMinutes(10)));
            assertThat(ClientSettings.defaults().rateLimiter().intervalNanos()).as("unlimited").isZero();
        }

        @Test
        void durationsMustBePositive() {
            for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1)}) {
                assertThatThrownBy(() -> new ClientSettings(bad, S, S, S, 1, 0, S))
                        .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be a positive duration, not " + bad);
                assertThatThrownBy(() -> new ClientSettings(S, bad, S, S, 1, 0, S))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readTimeout must be a positive duration");
                assertThatThrownBy(() -> new ClientSettings(S, S, bad, S, 1, 0, S))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("callTimeout must be a positive duration");
                assertThatThrownBy(() -> new ClientSettings(S, S, S, bad, 1, 0, S))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("writeTimeout must be a positive duration");
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
        void atLeastOneConnection(int maxConnections) {
            assertThatThrownBy(() -> new ClientSettings(S, S, S, S, maxConnections, 0, S))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxConnections must be at least 1, not " + maxConnections);
        }

        @ParameterizedTest
        @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-9})
        void unusableRatesAreRefused(double rate) {
            assertThatThrownBy(() -> new ClientSettings(S, S, S, S, 1, rate, S))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("maxRequestsPerSecond must be zero or less (no limit) or at least one a day");
        }

        @ParameterizedTest
        @ValueSource(doubles = {0, -1, -0.5})
        void zeroOrLessMeansNoLimit(double rate) {
            assertThat(new ClientSettings(S, S, S, S, 1, rate, S).rateLimiter().intervalNanos()).isZero();
        }

        @Test
        void positiveRateIsTheCeiling() {
            assertThat(new ClientSettings(S, S, S, S, 1, 8, S).rateLimiter().intervalNanos())
                    .isEqualTo(TimeUnit.MILLISECONDS.toNanos(125));
        }
    }

    @Nested
    class HttpClientFromSettings {
        @Test
        void timeoutsDispatcherAndSafety() {
            ClientSettings settings = new ClientSettings(Duration.ofSeconds(3), Duration.ofSeconds(7),
                    Duration.ofSeconds(11), Duration.ofSeconds(13), 5, 2.5, Duration.ofMinutes(10));
            OkHttpClient http = settings.httpClient();
            OkHttpClient writes = settings.writesClient(http);

            assertThat(http.connectTimeoutMillis()).isEqualTo(3_000);
            assertThat(http.readTimeoutMillis()).isEqualTo(7_000);
            assertThat(http.writeTimeoutMillis()).isEqualTo(7_000);
            assertThat(http.callTimeoutMillis()).isEqualTo(11_000);
            assertThat(writes.readTimeoutMillis()).as("a create queues inside Tapis").isEqualTo(13_000);
            assertThat(writes.callTimeoutMillis()).isEqualTo(16_000);
            assertThat(writes.connectionPool()).as("one pool for both").isSameAs(http.connectionPool());
            assertThat(writes.retryOnConnectionFailure()).isFalse();
            assertThat(http.dispatcher().getMaxRequests()).isEqualTo(5);
            assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(5);
            assertThat(http.retryOnConnectionFailure()).isFalse();
            assertThat(http.followRedirects()).isFalse();
            assertThat(http.followSslRedirects()).isFalse();
        }

        @Test
        void otherTimeoutsKeepTheDefaultSizing() {
            OkHttpClient http = TestClients.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)).httpClient();

            assertThat(http.readTimeoutMillis()).isEqualTo(2_000);
            assertThat(http.dispatcher().getMaxRequests()).isEqualTo(16);
            assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(16);
            assertThat(http.retryOnConnectionFailure()).isFalse();
            assertThatThrownBy(() -> TestClients.withTimeouts(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void poolKeepsAtMostMaxConnectionsIdle() throws Exception {
            int maxConnections = 2;
            int concurrent = 4;
            OkHttpClient http = new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), maxConnections, 0, Duration.ofMinutes(10)).httpClient();
            CountDownLatch allArrived = new CountDownLatch(concurrent);
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    allArrived.countDown(); // hold every answer until all calls are open at once: one connection each
                    return allArrived.await(10, TimeUnit.SECONDS) ? envelope(200, "SYSAPI_CRED_OK ok") : envelope(500, "TEST_TIMEOUT");
                }
            });
            TapisClient client = TestClients.client(baseUrl(server), FIXED, http);

            runConcurrently(concurrent, 1, i -> assertThat(client.checkCredential("sys1", "user" + i).isValid()).isTrue());

            // OkHttp evicts idle connections beyond the limit on its own cleanup thread: wait for it, boundedly.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (http.connectionPool().idleConnectionCount() > maxConnections && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(http.connectionPool().idleConnectionCount()).isEqualTo(maxConnections);
            assertThat(server.getRequestCount()).isEqualTo(concurrent);
        }

        @Test
        void anIdleConnectionIsClosedByTheClientBeforeNginxWouldCloseIt() throws Exception {
            // nginx closes a kept-alive connection after 5 s idle (keepalive_timeout 5): a request sent on it then
            // meets a closed socket, so the pool lets connections go after 4 s
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            OkHttpClient http = ClientSettings.defaults().httpClient();
            TapisClient client = TestClients.client(baseUrl(server), FIXED, http);
            client.checkCredential("sys1", "alice");
            long idleSince = System.nanoTime();
            assertThat(http.connectionPool().idleConnectionCount()).isEqualTo(1);

            while (http.connectionPool().idleConnectionCount() > 0
                    && System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(50); // waiting for time to pass is what this test is about
            }

            assertThat(http.connectionPool().idleConnectionCount()).as("evicted within nginx's 5 s").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isGreaterThanOrEqualTo(Duration.ofMillis(3_900));
        }

        @Test
        void clientFromSettingsWorksAndCounts() {
            server.enqueue(loginAnswer("jwt-1"));
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            TapisClient client = new TapisClient(baseUrl(server), LOGIN,
                    new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10),
                            Duration.ofSeconds(10), 4, 1000, Duration.ofMinutes(10)));

            assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
            assertThat(client.callsSent()).isEqualTo(2);
        }

        @Test
        void settingsAreRequired() {
            assertThatThrownBy(() -> new TapisClient(baseUrl(server), FIXED, (ClientSettings) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("settings");
        }
    }

    @Nested
    class CallsSent {
        @Test
        void countsLoginsCallsAndRepeatsAfterRenewal() {
            TapisClient client = TestClients.client(baseUrl(server), LOGIN);
            assertThat(client.callsSent()).isZero();
            server.enqueue(loginAnswer("jwt-1"));
            server.enqueue(expiredToken());
            server.enqueue(loginAnswer("jwt-2"));
            server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED ok"));
            server.enqueue(envelope(201, "SYSAPI_CRED_DELETED ok"));

            client.createTmsKeys("sys1", "alice");
            assertThat(client.callsSent()).as("login, create, login, create again").isEqualTo(4);
            client.removeCredential("sys1", "alice");
            assertThat(client.callsSent()).isEqualTo(5).isEqualTo(server.getRequestCount());
        }

        @Test
        void countsRequestsThatGotNoAnswerOrATransientOne() {
            TapisClient client = TestClients.client(baseUrl(server), FIXED);
            server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
            server.enqueue(envelope(503, "SYSAPI_UNAVAILABLE busy"));

            assertThatThrownBy(() -> client.getSystem("sys1")).isInstanceOf(TapisUnavailableException.class);
            assertThatThrownBy(() -> client.getSystem("sys1")).isInstanceOf(TapisUnavailableException.class);

            assertThat(client.callsSent()).isEqualTo(2);
        }

        @Test
        void doesNotCountCallsRefusedBeforeSending() {
            TapisClient client = TestClients.client(baseUrl(server), FIXED);

            assertThatThrownBy(() -> client.getSystem("..")).isInstanceOf(IllegalArgumentException.class);

            assertThat(client.callsSent()).isZero();
        }

        @Test
        void countsExactlyUnderManyThreads() throws Exception {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return envelope(200, "SYSAPI_CRED_OK ok");
                }
            });
            TapisClient client = TestClients.client(baseUrl(server), FIXED);

            runConcurrently(6, 20, i -> client.checkCredential("sys1", "user" + i));

            assertThat(client.callsSent()).isEqualTo(120).isEqualTo(server.getRequestCount());
        }
    }

    @Nested
    class TimeWaited {
        @Test
        void sumsEveryRequestFromSendingToItsAnswerOrItsLoss() {
            TapisClient client = TestClients.client(baseUrl(server), FIXED);
            assertThat(client.timeWaited()).isZero();
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok").newBuilder().headersDelay(150, TimeUnit.MILLISECONDS).build());
            server.enqueue(new MockResponse.Builder().headersDelay(100, TimeUnit.MILLISECONDS)
                    .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

            assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
            assertThat(client.timeWaited()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThatThrownBy(() -> client.getSystem("sys1")).isInstanceOf(TapisUnavailableException.class);
            assertThat(client.timeWaited()).as("a lost answer was waited for too").isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Nested
    class RateLimited {
        @Test
        void everyRequestTakesOnePermitTokenRequestsIncluded() {
            // Frozen clock: the k-th permit after the first waits k intervals, so the waits count the permits.
            AtomicLong now = new AtomicLong();
            List<Long> waits = Collections.synchronizedList(new ArrayList<>());
            RateLimiter limiter = new RateLimiter(10, now::get, waits::add);
            TapisClient client = TestClients.client(baseUrl(server), LOGIN, limiter);
            server.enqueue(loginAnswer("jwt-1"));
            server.enqueue(expiredToken());
            server.enqueue(loginAnswer("jwt-2"));
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            server.enqueue(envelope(503, "SYSAPI_UNAVAILABLE busy"));

            assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
            assertThatThrownBy(() -> client.getSystem("sys1")).isInstanceOf(TapisUnavailableException.class);

            long interval = TimeUnit.MILLISECONDS.toNanos(100);
            assertThat(waits).containsExactly(interval, 2 * interval, 3 * interval, 4 * interval);
            assertThat(server.getRequestCount()).isEqualTo(5).isEqualTo((int) client.callsSent());
        }

        @Test
        void noPermitIsTakenForACallRefusedBeforeSending() {
            AtomicLong now = new AtomicLong();
            List<Long> waits = new ArrayList<>();
            RateLimiter limiter = new RateLimiter(10, now::get, waits::add);
            TapisClient client = TestClients.client(baseUrl(server), FIXED, limiter);
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

            assertThatThrownBy(() -> client.checkCredential("", "alice")).isInstanceOf(IllegalArgumentException.class);
            client.checkCredential("sys1", "alice");
            client.checkCredential("sys1", "alice");

            assertThat(waits).as("two permits: the first free, the second one interval later")
                    .containsExactly(TimeUnit.MILLISECONDS.toNanos(100));
        }

        @Test
        void oneLimiterSharedByTwoClientsHoldsForBoth() {
            AtomicLong now = new AtomicLong();
            List<Long> waits = new ArrayList<>();
            RateLimiter limiter = new RateLimiter(10, now::get, waits::add);
            TapisClient a = TestClients.client(baseUrl(server), FIXED, limiter);
            TapisClient b = TestClients.client(baseUrl(server), FIXED, limiter);
            for (int i = 0; i < 3; i++) {
                server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
            }

            a.checkCredential("sys1", "alice");
            b.checkCredential("sys1", "alice");
            a.checkCredential("sys1", "alice");

            long interval = TimeUnit.MILLISECONDS.toNanos(100);
            assertThat(waits).containsExactly(interval, 2 * interval);
            assertThat(a.callsSent()).isEqualTo(2);
            assertThat(b.callsSent()).isEqualTo(1);
        }

        @Test
        void loginRequestIsMadeOnlyAfterItsPermit() {
            AtomicLong now = new AtomicLong();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            RateLimiter limiter = new RateLimiter(10, now::get, nanos -> order.add("wait"));
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    order.add(request.getTarget().equals(TOKENS_PATH) ? "login" : "check");
                    return request.getTarget().equals(TOKENS_PATH) ? loginAnswer("jwt-1") : envelope(200, "SYSAPI_CRED_OK ok");
                }
            });
            TapisClient client = TestClients.client(baseUrl(server), LOGIN, limiter);

            client.checkCredential("sys1", "alice");

            assertThat(order).containsExactly("login", "wait", "check");
        }
    }

    private interface IndexedCall {
        void run(int index) throws Exception;
    }

    private static void runConcurrently(int threads, int callsPerThread, IndexedCall call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < callsPerThread; i++) {
                        call.run(thread * callsPerThread + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
