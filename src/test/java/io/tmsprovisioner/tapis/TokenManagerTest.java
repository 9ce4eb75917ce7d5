package io.tmsprovisioner.tapis;

import static io.tmsprovisioner.tapis.MockTapis.TOKENS_PATH;
import static io.tmsprovisioner.tapis.MockTapis.envelope;
import static io.tmsprovisioner.tapis.MockTapis.loginAnswer;
import static io.tmsprovisioner.tapis.SendGuard.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.tmsprovisioner.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TokenManager} on its own: when it reuses a token and when it logs in, how it shares one login among
 * threads, what it does when a login fails, and that a fixed {@code TAPIS_TOKEN} is never renewed. Its logins go
 * through a real {@link TokenRequests} to MockWebServer, so every request the server counts is a login; the
 * clock is moved by hand.
 */
class TokenManagerTest {
    private static final String USER = "svc-admin";
    private static final String PASSWORD = "pa55-w0rd-s3cret";
    private static final String FIXED_JWT = "eyJ.fixed-token.sig";
    private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");
    /** When a token issued at {@link #START} expires: four hours later, as Tapis issues them. */
    private static final Instant EXPIRY = START.plus(Duration.ofHours(4));
    private static final Duration WAIT = Duration.ofSeconds(10);

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final MutableClock clock = new MutableClock(START);
    /** Threads a test started: never left behind, even by a test that fails. */
    private final List<Thread> callers = new ArrayList<>();

    @AfterEach
    void stopCallers() throws InterruptedException {
        for (Thread caller : callers) {
            caller.interrupt();
            caller.join(WAIT.toMillis());
        }
    }

    private TokenManager manager(TapisCredentials credentials) {
        TapisTransport transport = new TapisTransport(MockTapis.http(), MockTapis.http(), RateLimiter.unlimited(),
                ClientSettings.defaults().rateLimitPatience(), clock);
        return new TokenManager(credentials, new TokenRequests(server.url("/"), transport, clock), clock);
    }

    private TokenManager loginManager() {
        return manager(new TapisCredentials.Login(USER, new Secret(PASSWORD)));
    }

    /** A login manager whose logins get these tokens in turn, each good until {@code EXPIRY}. */
    private TokenManager loginManagerAnswering(String... jwts) {
        for (String jwt : jwts) {
            server.enqueue(loginAnswer(jwt, EXPIRY));
        }
        return loginManager();
    }

    private TokenManager fixedTokenManager() {
        return manager(new TapisCredentials.Token(new Secret(FIXED_JWT)));
    }

    /** Every request this test's server saw was a login. */
    private int logins() {
        return server.getRequestCount();
    }

    private static String jwtOf(AccessToken token) {
        return token.jwt().reveal();
    }

    private static MockResponse unavailable() {
        return envelope(503, "TAPIS_UNAVAILABLE maintenance");
    }

    private static void assertNoSecretIn(Throwable e) {
        assertThat(e).isNotNull();
        assertThat(e.toString()).doesNotContain(PASSWORD).doesNotContain(FIXED_JWT).doesNotContain("jwt-");
    }

    // -- reuse and renewal ahead of expiry

    @Test
    void noLoginIsSentUntilATokenIsFirstAskedFor() {
        // given
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        TokenManager tokens = loginManager();
        assertThat(logins()).isZero();

        // when
        AccessToken token = tokens.current(NONE);

        // then
        assertThat(jwtOf(token)).isEqualTo("jwt-1");
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void aTokenIsReusedUntilFiveMinutesBeforeItExpiresThenRenewedByALogin() throws Exception {
        // given
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(loginAnswer("jwt-2", EXPIRY.plus(Duration.ofHours(4))));
        TokenManager tokens = loginManager();
        AccessToken first = tokens.current(NONE);

        // when: asked again up to just before its renewal time
        clock.set(EXPIRY.minus(AccessToken.RENEW_AHEAD).minusMillis(1));
        AccessToken justBefore = tokens.current(NONE);
        // and at its renewal time
        clock.set(EXPIRY.minus(AccessToken.RENEW_AHEAD));
        AccessToken atRenewal = tokens.current(NONE);
        AccessToken afterRenewal = tokens.current(NONE);

        // then
        assertThat(justBefore).isSameAs(first);
        assertThat(jwtOf(atRenewal)).isEqualTo("jwt-2");
        assertThat(afterRenewal).isSameAs(atRenewal);
        assertThat(logins()).isEqualTo(2);
        assertThat(server.takeRequest().getTarget()).isEqualTo(TOKENS_PATH);
    }

    @Test
    void aTokenPastItsExpiryIsReplacedBeforeItIsHandedOut() {
        // given: a token of four hours, and a process that was suspended for a day
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(loginAnswer("jwt-2", EXPIRY.plus(Duration.ofDays(1))));
        TokenManager tokens = loginManager();
        tokens.current(NONE);
        clock.set(EXPIRY.plus(Duration.ofHours(20)));

        // when
        AccessToken token = tokens.current(NONE);

        // then
        assertThat(jwtOf(token)).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLifeNotAtEveryCall() {
        // given: a token of six minutes, shorter than the five minutes a renewal is made ahead
        server.enqueue(loginAnswer("jwt-1", START.plus(Duration.ofMinutes(6))));
        server.enqueue(loginAnswer("jwt-2", START.plus(Duration.ofMinutes(12))));
        TokenManager tokens = loginManager();
        AccessToken first = tokens.current(NONE);

        // when
        clock.set(START.plus(Duration.ofMinutes(3)).minusMillis(1));
        AccessToken beforeHalfLife = tokens.current(NONE);
        clock.set(START.plus(Duration.ofMinutes(3)));
        AccessToken atHalfLife = tokens.current(NONE);

        // then
        assertThat(beforeHalfLife).isSameAs(first);
        assertThat(jwtOf(atHalfLife)).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(2);
    }

    /** An unreadable expiry, and one already past by our clock (the clocks disagree): Tapis says when it ends. */
    @ParameterizedTest
    @ValueSource(strings = {"next tuesday", "2001-01-01T00:00:00Z"})
    void aTokenWhoseExpiryIsUnusableIsKeptUntilTapisRejectsIt(String expiresAt) {
        // given
        server.enqueue(envelope(200, "Token created", "{\"access_token\":{\"access_token\":\"jwt-1\",\"expires_at\":\""
                + expiresAt + "\"}}"));
        server.enqueue(loginAnswer("jwt-2", EXPIRY));
        TokenManager tokens = loginManager();
        AccessToken first = tokens.current(NONE);

        // when
        clock.set(START.plus(Duration.ofDays(30)));
        AccessToken monthLater = tokens.current(NONE);
        AccessToken renewed = tokens.renewAfterRejection(monthLater, "TAPIS_SECURITY_JWT_EXPIRED", NONE);

        // then
        assertThat(monthLater).isSameAs(first);
        assertThat(jwtOf(renewed)).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(2);
    }

    // -- renewal after a rejection

    @Test
    void aRejectedTokenIsRenewedByALoginAndTheNewOneIsHandedOutFromThenOn() {
        // given
        TokenManager tokens = loginManagerAnswering("jwt-1", "jwt-2");
        AccessToken rejected = tokens.current(NONE);

        // when
        AccessToken renewed = tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_INVALID", NONE);

        // then
        assertThat(jwtOf(renewed)).isEqualTo("jwt-2");
        assertThat(tokens.current(NONE)).isSameAs(renewed);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRejectionOfATokenAlreadyReplacedTakesTheNewTokenWithoutLoggingIn() {
        // given: another caller's rejection of the same token already renewed it
        TokenManager tokens = loginManagerAnswering("jwt-1", "jwt-2");
        AccessToken rejected = tokens.current(NONE);
        AccessToken renewed = tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_EXPIRED", NONE);

        // when
        AccessToken late = tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_EXPIRED", NONE);

        // then
        assertThat(late).isSameAs(renewed);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRenewalAfterARejectionThatFailsTransientlyIsThrownThoughTheTokenHasNotExpired() {
        // given: a token Tapis refused hours before its expiry, and a login Tapis cannot serve
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(unavailable());
        TokenManager tokens = loginManager();
        AccessToken rejected = tokens.current(NONE);

        // when
        Throwable thrown = catchThrowable(
                () -> tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_INVALID", NONE));

        // then: the refused token is not handed back as if it were renewed
        assertThat(thrown).isInstanceOf(TapisUnavailableException.class);
        assertThat(((TapisUnavailableException) thrown).mayHaveTakenEffect()).isFalse();
        assertNoSecretIn(thrown);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRefusedLoginIsAnAuthenticationErrorThatNeverShowsThePassword() {
        // given: Tapis refuses the renewal, quoting the password
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(envelope(401, "Invalid password " + PASSWORD));
        TokenManager tokens = loginManager();
        AccessToken rejected = tokens.current(NONE);

        // when
        Throwable thrown = catchThrowable(
                () -> tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_EXPIRED", NONE));

        // then
        assertThat(thrown).isInstanceOf(TapisAuthenticationException.class).hasMessageContaining(USER);
        assertNoSecretIn(thrown);
    }

    @Test
    void aNewTokenRejectedAgainIsReportedWithoutAnotherLogin() {
        // given
        TokenManager tokens = loginManager();

        // when
        TapisAuthenticationException e = tokens.rejectedAfterRenewal("TAPIS_SECURITY_JWT_INVALID no such tenant");

        // then
        assertThat(e).hasMessage("Tapis rejected a newly issued access token (TAPIS_SECURITY_JWT_INVALID no such "
                + "tenant); check the account and that the base URL is the right tenant");
        assertThat(logins()).isZero();
    }

    // -- a fixed token (TAPIS_TOKEN)

    @Test
    void aFixedTokenIsHandedOutAsGivenAndNeverRenewedAheadOfTime() {
        // given
        TokenManager tokens = fixedTokenManager();

        // when
        AccessToken now = tokens.current(NONE);
        clock.set(START.plus(Duration.ofDays(365)));
        AccessToken yearLater = tokens.current(NONE);

        // then
        assertThat(jwtOf(now)).isEqualTo(FIXED_JWT);
        assertThat(yearLater).isSameAs(now);
        assertThat(logins()).isZero();
    }

    @Test
    void aFixedTokenThatTapisRejectsIsReportedAsNotRenewableWithoutShowingIt() {
        // given: the administrator's token has expired
        TokenManager tokens = fixedTokenManager();
        AccessToken expired = tokens.current(NONE);

        // when
        Throwable thrown = catchThrowable(
                () -> tokens.renewAfterRejection(expired, "TAPIS_SECURITY_JWT_EXPIRED", NONE));

        // then
        assertThat(thrown).isInstanceOf(TapisAuthenticationException.class)
                .hasMessage("Tapis rejected the access token (TAPIS_SECURITY_JWT_EXPIRED); set a fresh TAPIS_TOKEN or "
                        + "use TAPIS_USERNAME/TAPIS_PASSWORD");
        assertNoSecretIn(thrown);
        assertThat(logins()).as("no login is tried without a password").isZero();
    }

    // -- logins that fail transiently

    @Test
    void aFirstLoginThatFailsTransientlyIsThrownAndTheNextCallerTriesAgain() {
        // given
        server.enqueue(unavailable());
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        TokenManager tokens = loginManager();

        // when
        Throwable first = catchThrowable(() -> tokens.current(NONE));
        AccessToken second = tokens.current(NONE);

        // then
        assertThat(first).isInstanceOf(TapisUnavailableException.class);
        assertNoSecretIn(first);
        assertThat(jwtOf(second)).isEqualTo("jwt-1");
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRenewalAheadOfExpiryThatFailsTransientlyKeepsTheTokenAndTriesAgainWithinThirtySeconds() {
        // given: four minutes before expiry (a quarter of it is longer than 30 s), Tapis cannot issue a token
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(unavailable());
        server.enqueue(loginAnswer("jwt-2", EXPIRY.plus(Duration.ofHours(4))));
        TokenManager tokens = loginManager();
        AccessToken first = tokens.current(NONE);
        Instant failedAt = EXPIRY.minus(Duration.ofMinutes(4));
        clock.set(failedAt);

        // when
        AccessToken kept = tokens.current(NONE);
        clock.set(failedAt.plus(AccessToken.RETRY_RENEWAL_WITHIN).minusMillis(1));
        AccessToken stillKept = tokens.current(NONE);
        int loginsBeforeTheRetry = logins();
        clock.set(failedAt.plus(AccessToken.RETRY_RENEWAL_WITHIN));
        AccessToken renewed = tokens.current(NONE);

        // then
        assertThat(jwtOf(kept)).isEqualTo("jwt-1");
        assertThat(kept.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(stillKept).isSameAs(kept);
        assertThat(loginsBeforeTheRetry).as("the first login and the failed renewal").isEqualTo(2);
        assertThat(jwtOf(renewed)).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(3);
    }

    @Test
    void aRenewalThatFailsJustBeforeExpiryTriesAgainWithinAQuarterOfTheTimeLeft() {
        // given: 40 s before expiry the renewal fails: the next try is 10 s later, not 30 s
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(unavailable());
        server.enqueue(loginAnswer("jwt-2", EXPIRY.plus(Duration.ofHours(4))));
        TokenManager tokens = loginManager();
        tokens.current(NONE);
        Instant failedAt = EXPIRY.minusSeconds(40);
        clock.set(failedAt);
        tokens.current(NONE);

        // when
        clock.set(failedAt.plusSeconds(10).minusMillis(1));
        AccessToken beforeTheRetry = tokens.current(NONE);
        clock.set(failedAt.plusSeconds(10));
        AccessToken atTheRetry = tokens.current(NONE);

        // then
        assertThat(jwtOf(beforeTheRetry)).isEqualTo("jwt-1");
        assertThat(jwtOf(atTheRetry)).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(3);
    }

    @Test
    void aRenewalAheadOfExpiryAskedToWaitAnHourKeepsTheToken() {
        // given: Tapis answers the renewal with a maintenance window of an hour (an outage for a run)
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(unavailable().newBuilder().addHeader("Retry-After", "3600").build());
        TokenManager tokens = loginManager();
        AccessToken first = tokens.current(NONE);
        clock.set(EXPIRY.minus(Duration.ofMinutes(4)));

        // when
        AccessToken kept = tokens.current(NONE);

        // then: the token still works; the run's own calls decide whether Tapis is out
        assertThat(jwtOf(kept)).isEqualTo(jwtOf(first));
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRenewalOfAnExpiredTokenThatFailsTransientlyIsThrownForTheCallerToRetry() {
        // given
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        server.enqueue(unavailable());
        TokenManager tokens = loginManager();
        tokens.current(NONE);
        clock.set(EXPIRY);

        // when
        Throwable thrown = catchThrowable(() -> tokens.current(NONE));

        // then: an expired token is not handed out
        assertThat(thrown).isInstanceOf(TapisUnavailableException.class);
        assertNoSecretIn(thrown);
        assertThat(logins()).isEqualTo(2);
    }

    // -- concurrent callers

    /**
     * Answers logins in turn with {@code answers}; the first login is held until {@link #release} is counted
     * down, so that other callers can be made to wait for it.
     */
    private static final class HeldLogins extends Dispatcher {
        final CountDownLatch firstArrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger count = new AtomicInteger();
        private final IntFunction<MockResponse> answers;

        HeldLogins(IntFunction<MockResponse> answers) {
            this.answers = answers;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            int n = count.incrementAndGet();
            if (n == 1) {
                firstArrived.countDown();
                if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    return envelope(500, "TEST_TIMEOUT the test never released the first login");
                }
            }
            return answers.apply(n);
        }
    }

    private <T> FutureTask<T> startCaller(String name, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread caller = new Thread(task, name);
        callers.add(caller);
        caller.start();
        return task;
    }

    /** Waits (without sleeping) until {@code caller} waits to enter the token manager's lock. */
    private static void awaitBlockedOnTheLock(Thread caller) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (caller.getState() != Thread.State.BLOCKED) {
            if (System.nanoTime() - deadline > 0) {
                fail(caller.getName() + " never waited for the lock; it is " + caller.getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Starts callers that all find a login in progress, and waits until each waits for it. */
    private List<FutureTask<AccessToken>> startWaitingCallers(int count, Callable<AccessToken> call) {
        List<FutureTask<AccessToken>> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(startCaller("waiting-" + i, call));
            awaitBlockedOnTheLock(callers.get(callers.size() - 1));
        }
        return waiting;
    }

    private static Throwable failureOf(FutureTask<AccessToken> task) throws Exception {
        try {
            AccessToken token = task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return fail("expected a failure, got a token ending " + token.expiresAt());
        } catch (ExecutionException failed) {
            return failed.getCause();
        }
    }

    @Test
    void callersArrivingDuringTheFirstLoginWaitForItAndShareItsToken() throws Exception {
        // given: the first caller's login is on its way
        HeldLogins logins = new HeldLogins(n -> loginAnswer("jwt-" + n, EXPIRY));
        server.setDispatcher(logins);
        TokenManager tokens = loginManager();
        FutureTask<AccessToken> first = startCaller("first", () -> tokens.current(NONE));
        assertThat(logins.firstArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // when: three more callers ask for a token meanwhile
        List<FutureTask<AccessToken>> waiting = startWaitingCallers(3, () -> tokens.current(NONE));
        logins.release.countDown();

        // then
        AccessToken token = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(jwtOf(token)).isEqualTo("jwt-1");
        for (FutureTask<AccessToken> caller : waiting) {
            assertThat(caller.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(token);
        }
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void concurrentRejectionsOfOneTokenShareOneRenewal() throws Exception {
        // given: a token all callers hold, and the first rejection's renewal on its way
        HeldLogins logins = new HeldLogins(n -> loginAnswer("jwt-" + (n + 1), EXPIRY));
        TokenManager tokens = loginManager();
        server.enqueue(loginAnswer("jwt-1", EXPIRY));
        AccessToken rejected = tokens.current(NONE);
        server.setDispatcher(logins);
        FutureTask<AccessToken> first = startCaller("first",
                () -> tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_EXPIRED", NONE));
        assertThat(logins.firstArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // when: three more callers find the same token rejected meanwhile
        List<FutureTask<AccessToken>> waiting = startWaitingCallers(3,
                () -> tokens.renewAfterRejection(rejected, "TAPIS_SECURITY_JWT_EXPIRED", NONE));
        logins.release.countDown();

        // then
        AccessToken renewed = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(jwtOf(renewed)).isEqualTo("jwt-2");
        for (FutureTask<AccessToken> caller : waiting) {
            assertThat(caller.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(renewed);
        }
        assertThat(logins()).as("the first login and one renewal").isEqualTo(2);
    }

    @Test
    void callersWaitingOnALoginThatFailsTransientlyGetItsFailureWithoutLoggingInThemselves() throws Exception {
        // given: the first login, on its way, will get a 503
        HeldLogins logins = new HeldLogins(n -> n == 1 ? unavailable() : loginAnswer("jwt-" + n, EXPIRY));
        server.setDispatcher(logins);
        TokenManager tokens = loginManager();
        FutureTask<AccessToken> first = startCaller("first", () -> tokens.current(NONE));
        assertThat(logins.firstArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<FutureTask<AccessToken>> waiting = startWaitingCallers(3, () -> tokens.current(NONE));

        // when
        logins.release.countDown();

        // then: one login for all four, and its failure for each
        Throwable firstFailure = failureOf(first);
        assertThat(firstFailure).isInstanceOf(TapisUnavailableException.class);
        for (FutureTask<AccessToken> caller : waiting) {
            Throwable shared = failureOf(caller);
            assertThat(shared).isInstanceOf(TapisUnavailableException.class).hasMessage(firstFailure.getMessage());
            assertThat(((TapisUnavailableException) shared).httpStatus()).isEqualTo(503);
            assertThat(((TapisUnavailableException) shared).mayHaveTakenEffect()).isFalse();
            assertNoSecretIn(shared);
        }
        assertThat(logins()).isEqualTo(1);

        // and a caller that comes later logs in again
        assertThat(jwtOf(tokens.current(NONE))).isEqualTo("jwt-2");
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aRefusedLoginIsNotSharedWithCallersWaitingOnItWhoTryOnceMore() throws Exception {
        // given: the first login, on its way, will be refused; the next one will succeed
        HeldLogins logins = new HeldLogins(n -> n == 1 ? envelope(401, "Invalid username/password combination.")
                : loginAnswer("jwt-" + n, EXPIRY));
        server.setDispatcher(logins);
        TokenManager tokens = loginManager();
        FutureTask<AccessToken> first = startCaller("first", () -> tokens.current(NONE));
        assertThat(logins.firstArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<FutureTask<AccessToken>> waiting = startWaitingCallers(3, () -> tokens.current(NONE));

        // when
        logins.release.countDown();

        // then: the refused caller is told; whichever waiting caller gets the lock first logs in itself, and the
        // others take its token
        Throwable refused = failureOf(first);
        assertThat(refused).isInstanceOf(TapisAuthenticationException.class);
        assertNoSecretIn(refused);
        AccessToken token = waiting.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(jwtOf(token)).isEqualTo("jwt-2");
        for (FutureTask<AccessToken> caller : waiting) {
            assertThat(caller.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(token);
        }
        assertThat(logins()).isEqualTo(2);
    }
}
