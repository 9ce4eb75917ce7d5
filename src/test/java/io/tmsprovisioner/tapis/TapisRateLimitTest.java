package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.baseUrl;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 429 is waited out by the client itself, on a pace shared by all threads, and never counts as a
 * failure of the call; waits a run cannot sit out are an outage. The limiter runs on a fake clock
 * whose sleeps move it, so nothing here really waits. See docs/tapis-api.md, "Rate limits: 429 and
 * Retry-After".
 */
class TapisRateLimitTest {
    private static final String TOKEN = "eyJ.fixed-token.sig";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final RateLimiter limiter = new RateLimiter(Double.POSITIVE_INFINITY, now::get, nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    }, () -> 0.0);

    private TapisClient client(Duration patience, TapisCredentials credentials) {
        return TestClients.client(baseUrl(server), credentials, limiter, patience);
    }

    private TapisClient client() {
        return client(Duration.ofMinutes(10), new TapisCredentials.Token(new Secret(TOKEN)));
    }

    private static MockResponse tooManyRequests(String retryAfter) {
        MockResponse answer = envelope(429, "TAPIS_TOO_MANY_REQUESTS Rate limit exceeded");
        return retryAfter == null ? answer : answer.newBuilder().addHeader("Retry-After", retryAfter).build();
    }

    private long slept() {
        return sleeps.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aCreateAnswered429IsSentAgainOnceTheWaitHasPassedAndSucceeds() {
        TapisClient client = client();
        List<Integer> answered = new CopyOnWriteArrayList<>();
        client.observe((endpoint, status, nanos) -> answered.add(status));
        server.enqueue(tooManyRequests("7"));
        server.enqueue(tooManyRequests("2"));
        server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED Credential updated"));

        client.createTmsKeys("sys1", "alice");

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(answered).filteredOn(status -> status == 429).hasSize(2);
        assertThat(slept()).as("waited what Tapis asked for").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(9));
    }

    /** A run's guard on the fake clock: counts the changes it let out, and refuses from the {@code allowed}+1-th. */
    private final class CountingGuard implements SendGuard {
        final AtomicInteger asked = new AtomicInteger();
        final int allowed;
        volatile boolean ending;

        CountingGuard(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public void beforeChange() {
            if (asked.incrementAndGet() > allowed) {
                throw new IllegalStateException("the lease is lost");
            }
        }

        @Override
        public boolean pause(Duration wait) {
            if (ending) {
                return false;
            }
            sleeps.add(wait.toNanos());
            now.addAndGet(wait.toNanos());
            return true;
        }
    }

    @Test
    void everySendOfAChangeIsGuardedRepeatsAfterA429Included() {
        CountingGuard guard = new CountingGuard(1);
        TapisSystems client = client().guarded(guard);
        server.enqueue(tooManyRequests("120"));
        server.enqueue(envelope(201, "SYSAPI_CRED_UPDATED Credential updated"));

        assertThatThrownBy(() -> client.createTmsKeys("sys1", "alice")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the lease is lost");

        assertThat(guard.asked).as("asked before the first send and before the repeat").hasValue(2);
        assertThat(server.getRequestCount()).as("the repeat after two minutes was never sent").isEqualTo(1);
    }

    @Test
    void readsAreNotGuarded() {
        CountingGuard guard = new CountingGuard(0);
        TapisSystems client = client().guarded(guard);
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

        client.checkCredential("sys1", "alice");

        assertThat(guard.asked).hasValue(0);
    }

    @Test
    void aRunThatEndsDuringA429sWaitSendsNothingMore() {
        CountingGuard guard = new CountingGuard(Integer.MAX_VALUE);
        TapisSystems client = client().guarded(guard);
        server.enqueue(tooManyRequests("120"));
        guard.ending = true;

        TapisUnavailableException cut = catchThrowableOfType(TapisUnavailableException.class,
                () -> client.getSystem("sys1"));

        assertThat(cut.neverSent()).isTrue();
        assertThat(cut).hasMessageContaining("The run is ending");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(slept()).as("the two minutes were not waited").isZero();
    }

    @Test
    void a429SlowsThePaceOfEveryLaterRequestAndItGrowsBackWithout429s() {
        TapisClient client = client();
        for (int i = 0; i < 20; i++) {
            server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        }
        server.enqueue(tooManyRequests("1"));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        for (int i = 0; i < 20; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50)); // 20 requests a second
            client.checkCredential("sys1", "alice");
        }
        assertThat(limiter.rate()).as("nothing held back before the 429").isInfinite();

        client.checkCredential("sys1", "alice");

        double cut = limiter.rate();
        assertThat(cut).as("half the pace seen before the 429").isBetween(5.0, 11.0);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));
        client.checkCredential("sys1", "alice");
        assertThat(limiter.rate()).as("grown back by 10%% a second").isGreaterThan(cut * 2.4);
    }

    @Test
    void withoutRetryAfterItWaitsASecond() {
        TapisClient client = client();
        server.enqueue(tooManyRequests(null));
        server.enqueue(envelope(201, "SYSAPI_CRED_DELETED Credential deleted"));

        client.removeCredential("sys1", "alice");

        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(slept()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void theTokenEndpointIsWaitedOutToo() {
        TapisClient client = client(Duration.ofMinutes(10), new TapisCredentials.Login("svc", new Secret("pw-s3cret")));
        server.enqueue(tooManyRequests("3"));
        server.enqueue(loginAnswer("jwt-1"));
        server.enqueue(envelope(200, "SYSAPI_CRED_OK ok"));

        assertThat(client.checkCredential("sys1", "alice").isValid()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"301", "3600", "Mon, 01 Jun 2099 12:00:00 GMT"})
    void aRetryAfterBeyondFiveMinutesIsAnOutage(String retryAfter) {
        TapisClient client = client();
        server.enqueue(tooManyRequests(retryAfter));

        assertThatThrownBy(() -> client.createTmsKeys("sys1", "alice")).isInstanceOf(TapisOutageException.class)
                .hasMessageContaining("Tapis asks to wait").hasMessageContaining("longer than a run waits (5 min)")
                .hasMessageContaining("POST /v3/systems/credential/sys1/user/alice answered HTTP 429")
                .as("the job's summary, not the client, says how to go on").hasMessageNotContaining("command");
        assertThat(server.getRequestCount()).as("not sent again").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "1.5"})
    void anUnreadableRetryAfterIsAnOutage(String retryAfter) {
        TapisClient client = client();
        server.enqueue(tooManyRequests(retryAfter));

        assertThatThrownBy(() -> client.checkCredential("sys1", "alice")).isInstanceOf(TapisOutageException.class)
                .hasMessageContaining("Retry-After header that cannot be read");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aCallRateLimitedForLongerThanThePatienceStopsTheRun() {
        TapisClient client = client(Duration.ofSeconds(2), new TapisCredentials.Token(new Secret(TOKEN)));
        server.enqueue(tooManyRequests("1"));
        server.enqueue(tooManyRequests("3"));

        assertThatThrownBy(() -> client.getSystem("sys1")).isInstanceOf(TapisOutageException.class)
                .hasMessageContaining("Tapis rate-limited a call for more than 2 s");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
