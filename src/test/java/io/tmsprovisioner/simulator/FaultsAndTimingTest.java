package io.tmsprovisioner.simulator;

import static io.tmsprovisioner.simulator.TestTenant.ADMIN;
import static io.tmsprovisioner.simulator.TestTenant.ADMIN_PASSWORD;
import static io.tmsprovisioner.simulator.TapisSimulatorTest.AS_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tmsprovisioner.simulator.SimulatorClient.Answer;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's faults, held calls, latency and capacity limits, as docs/tapis-api.md, "The simulator", describes
 * them. Time-based tests use milliseconds and assert lower bounds that the simulator's sleeps guarantee.
 */
class FaultsAndTimingTest {

    private TapisSimulator simulator;
    private SimulatorClient client;
    private String admin;

    @BeforeEach
    void start() {
        simulator = TapisSimulator.start(TestTenant.state());
        client = new SimulatorClient(simulator.baseUrl());
        admin = client.token(ADMIN, ADMIN_PASSWORD);
        simulator.resetCounters();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void a503ComesFromNginxAsHtmlWithoutEffect() throws IOException {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.SERVER_ERROR);

        Answer answer = client.createTmsKeys("stampede3", "bob", admin);

        assertNginxPage(answer, 503, "503 Service Temporarily Unavailable");
        assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
        assertThat(simulator.totalKeysMinted()).isZero();
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 503)).isEqualTo(1);
    }

    private static void assertNginxPage(Answer answer, int status, String title) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("text/html");
        assertThat(answer.body()).startsWith("<html>\r\n<head><title>" + title + "</title></head>\r\n")
                .contains("<center>nginx</center>");
    }

    @Test
    void randomServerErrorsAreEvery5xxARealDeploymentGivesSomeAfterTheEffect() throws IOException {
        simulator.setServerErrorRate(1.0);
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 60; i++) {
            statuses.add(client.createTmsKeys("stampede3", "user" + i, admin).status());
        }

        assertThat(statuses).containsOnly(500, 502, 503, 504).contains(500, 502, 503, 504);
        int afterEffect = simulator.calls(Endpoint.CREATE_CREDENTIAL, 504);
        assertThat(simulator.totalKeysMinted()).as("every 504 and about half the 500s minted keys")
                .isGreaterThan(afterEffect).isLessThan(afterEffect + simulator.calls(Endpoint.CREATE_CREDENTIAL, 500));
        assertThat(simulator.credentialPairs()).as("and stored them").hasSize(simulator.totalKeysMinted() + 2);
    }

    @Test
    void aCreatesInternalErrorIsTmsUnreachableNothingMintedNothingStored() throws IOException {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.INTERNAL_ERROR);

        Answer answer = client.createTmsKeys("stampede3", "bob", admin);

        TapisSimulatorTest.assertMapperBuilt(answer, 500, "Internal Server Error", "SYSAPI_CRED_ERROR Unable to operate "
                + "on credential for system. " + AS_ADMIN + " System: stampede3 User: bob Operation: createUserCredential "
                + "Error: SYSLIB_CRED_TMS_KEYS_ERR ");
        assertThat(answer.message()).endsWith("Error: timeout");
        assertThat(simulator.totalKeysMinted()).isZero();
        assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
    }

    @Test
    void a500AfterTheEffectHasTakenEffect() throws IOException {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.INTERNAL_ERROR_AFTER_EFFECT);
        simulator.failFrom(Endpoint.REMOVE_CREDENTIAL, 1, Fault.INTERNAL_ERROR);

        Answer create = client.createTmsKeys("stampede3", "bob", admin);
        Answer remove = client.remove("stampede3", "jdoe", admin);

        TapisSimulatorTest.assertMapperBuilt(create, 500, "Internal Server Error", "SYSAPI_CRED_ERROR ");
        assertThat(create.message()).contains("Operation: createUserCredential Error: edu.utexas.tacc.tapis.shared.exceptions.TapisSecurityException: ");
        assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
        assertThat(simulator.hasCredential("stampede3", "bob")).as("no rollback").isTrue();
        assertThat(remove.status()).isEqualTo(500);
        assertThat(remove.message()).contains("Operation: removeUserCredential Error: edu.utexas.tacc.tapis.shared.exceptions.TapisSecurityException: ");
        assertThat(simulator.hasCredential("stampede3", "jdoe")).as("this one did nothing").isTrue();
    }

    @Test
    void internalErrorsOfTheOtherCallsAreTheirOwn500s() throws IOException {
        simulator.failFrom(Endpoint.CHECK_CREDENTIAL, 1, Fault.INTERNAL_ERROR);
        simulator.failFrom(Endpoint.GET_SYSTEM, 1, Fault.INTERNAL_ERROR);
        simulator.failFrom(Endpoint.TOKEN, 1, Fault.INTERNAL_ERROR);

        TapisSimulatorTest.assertResourceBuilt(client.check("stampede3", "jdoe", admin), 500, "SYSAPI_CRED_CHECK_ERROR "
                + "Unable to operate on credential for system. " + AS_ADMIN + " System: stampede3 User: jdoe "
                + "AuthnMethod:  Error: ");
        TapisSimulatorTest.assertMapperBuilt(client.getSystem("stampede3", admin), 500, "Internal Server Error",
                "SYSAPI_SYS_GET_ERROR Unable to retrieve system. " + AS_ADMIN + " System: stampede3 Error: ");
        Answer login = client.login(ADMIN, ADMIN_PASSWORD);
        assertThat(login.status()).isEqualTo(500);
        assertThat(login.json().get("message").stringValue()).startsWith("Unrecognized exception type: ");
        assertThat(simulator.sshConnects()).isZero();
    }

    @Test
    void lostAnswersHitOnlyCallsThatChangeSomething() throws IOException {
        simulator.setLostAnswerRate(1.0);

        assertThat(client.check("stampede3", "jdoe", admin).status()).isEqualTo(200);
        assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);
        assertThatThrownBy(() -> client.remove("stampede3", "jdoe", admin)).isInstanceOf(IOException.class);
        assertThat(simulator.hasCredential("stampede3", "jdoe")).isFalse();
    }

    @Test
    void aSustainedRateLimitAnswersTheExcessWith429AndRetryAfter() throws IOException {
        simulator.setRateLimit(0.5, 3); // three at once, then one every two seconds

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(client.getSystem("stampede3", admin).status());
        }
        Answer limited = client.check("stampede3", "jdoe", admin);

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        simulator.setRateLimit(0, 0);
        assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);
    }

    @Test
    void tooManyRequestsIsA429WithRetryAfterAndWithoutEffect() throws IOException {
        simulator.setTooManyRequests(1.0, 7);

        Answer answer = client.remove("stampede3", "jdoe", admin);

        assertNginxPage(answer, 429, "429 Too Many Requests");
        assertThat(answer.header("Retry-After")).isEqualTo("7");
        assertThat(simulator.hasCredential("stampede3", "jdoe")).isTrue();
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL, 429)).isEqualTo(1);
    }

    @Test
    void aDropIsAnIOExceptionForTheClientWithoutEffect() {
        simulator.setDropRate(1.0);

        assertThatThrownBy(() -> client.createTmsKeys("stampede3", "bob", admin)).isInstanceOf(IOException.class);
        assertThat(simulator.hasCredential("stampede3", "bob")).isFalse();
        assertThat(simulator.totalKeysMinted()).isZero();
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 0)).isEqualTo(1);
    }

    @Test
    void aLostAnswerIsAnIOExceptionAfterTheEffect() {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.LOSE_ANSWER);
        simulator.failFrom(Endpoint.REMOVE_CREDENTIAL, 1, Fault.LOSE_ANSWER);

        assertThatThrownBy(() -> client.createTmsKeys("stampede3", "bob", admin)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.remove("stampede3", "jdoe", admin)).isInstanceOf(IOException.class);

        assertThat(simulator.credentialPairs()).containsExactly("bucket/jdoe", "stampede3/bob");
        assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 0)).isEqualTo(1);
        assertThat(simulator.calls(Endpoint.REMOVE_CREDENTIAL, 0)).isEqualTo(1);
    }

    @Test
    void aHeldCallHasTakenEffectAndAnswersOnlyWhenReleased() throws Exception {
        CountDownLatch reached = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 2);
        assertThat(client.createTmsKeys("stampede3", "bob", admin).status()).isEqualTo(201);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Answer> held = caller.submit(() -> client.createTmsKeys("stampede3", "carol", admin));

            assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(simulator.hasCredential("stampede3", "carol")).isTrue();
            assertThat(held.isDone()).isFalse();

            simulator.releaseHeld();
            assertThat(held.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void failFromAppliesFromTheNthCallOfThatEndpointOn() throws IOException {
        client.check("stampede3", "jdoe", admin); // before the rule: not counted by it
        simulator.failFrom(Endpoint.CHECK_CREDENTIAL, 3, Fault.TOO_MANY_REQUESTS);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(client.check("stampede3", "jdoe", admin).status());
            assertThat(client.getSystem("stampede3", admin).status()).as("other endpoints unaffected").isEqualTo(200);
        }

        assertThat(statuses).containsExactly(200, 200, 429, 429);
        assertThat(client.check("stampede3", "jdoe", admin).header("Retry-After")).isEqualTo("1");
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 429)).isEqualTo(3);
    }

    @Test
    void aBadGatewayIsNginxsPage() throws IOException {
        simulator.failFrom(Endpoint.CHECK_CREDENTIAL, 1, Fault.BAD_GATEWAY);

        assertNginxPage(client.check("stampede3", "jdoe", admin), 502, "502 Bad Gateway");
    }

    @Test
    void aGatewayTimeoutAfterTheEffectIsNginxsPageAndTheCreateStored() throws IOException {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.GATEWAY_TIMEOUT_AFTER_EFFECT);

        assertNginxPage(client.createTmsKeys("stampede3", "bob", admin), 504, "504 Gateway Time-out");
        assertThat(simulator.hasCredential("stampede3", "bob")).isTrue();
    }

    @Test
    void theLoginFailureToTryLaterIsForTheTokenEndpointOnly() throws IOException {
        simulator.failCalls(Endpoint.TOKEN, 1, 1, Fault.LOGIN_TRY_LATER);

        assertThat(client.login(ADMIN, ADMIN_PASSWORD).status()).isEqualTo(400);
        assertThat(client.login(ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
        assertThatThrownBy(() -> simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.LOGIN_TRY_LATER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultsReachTheTokenEndpointToo() {
        simulator.failFrom(Endpoint.TOKEN, 1, Fault.DROP);

        assertThatThrownBy(() -> client.login(ADMIN, ADMIN_PASSWORD)).isInstanceOf(IOException.class);
        assertThat(simulator.calls(Endpoint.TOKEN, 0)).isEqualTo(1);
    }

    @Test
    void anOutageAnswers503UntilItEnds() throws IOException {
        simulator.setOutage(true);

        assertNginxPage(client.login(ADMIN, ADMIN_PASSWORD), 503, "503 Service Temporarily Unavailable");
        assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(503);

        simulator.setOutage(false);
        assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);
    }

    @Test
    void clearFaultsRestoresNormalService() throws IOException {
        simulator.setServerErrorRate(1.0);
        simulator.setDropRate(0.5);
        simulator.setOutage(true);
        simulator.failFrom(Endpoint.GET_SYSTEM, 1, Fault.DROP);

        simulator.clearFaults();

        for (int i = 0; i < 5; i++) {
            assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);
        }
    }

    @Test
    void ratesAreDeterministicForASeed() throws IOException {
        List<Integer> first = statusesWithRandomFaults(11);
        List<Integer> again = statusesWithRandomFaults(11);
        List<Integer> otherSeed = statusesWithRandomFaults(12);

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).contains(200, 503, 429);
    }

    private List<Integer> statusesWithRandomFaults(long seed) throws IOException {
        try (TapisSimulator seeded = TapisSimulator.start(TestTenant.state(), Clock.systemUTC(), seed)) {
            SimulatorClient seededClient = new SimulatorClient(seeded.baseUrl());
            String token = seededClient.token(ADMIN, ADMIN_PASSWORD);
            seeded.setServerErrorRate(0.3);
            seeded.setTooManyRequests(0.2, 1);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(seededClient.getSystem("stampede3", token).status());
            }
            return statuses;
        }
    }

    @Test
    void latencyDelaysEveryAnswer() throws IOException {
        simulator.setLatency(Duration.ofMillis(150));

        long started = System.nanoTime();
        assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void answersWithoutTheNagleDelay() throws IOException {
        for (int i = 0; i < 5; i++) {
            client.getSystem("stampede3", admin); // warm up, so the timing below is the server's
        }
        long started = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            assertThat(client.getSystem("stampede3", admin).status()).isEqualTo(200);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("~40 ms a call when headers and body "
                + "wait for a delayed ACK").isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void servesThirtyTwoCallsInParallel() throws Exception {
        Duration latency = Duration.ofMillis(300);
        simulator.setLatency(latency);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String user = "user" + i;
            calls.add(() -> client.createTmsKeys("stampede3", user, admin).status());
        }

        long started = System.nanoTime();
        List<Integer> statuses = inParallel(calls);

        assertThat(statuses).hasSize(32).containsOnly(201);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("in series it would take 9.6 s")
                .isLessThan(latency.multipliedBy(8));
        assertThat(simulator.totalKeysMinted()).isEqualTo(32);
    }

    /** Each call's HTTP status, the calls made all at once. */
    private static List<Integer> inParallel(List<Callable<Integer>> calls) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : callers.invokeAll(calls)) {
                statuses.add(status.get());
            }
            return statuses;
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCreateSlowerThanTheClientStoresItsKeysAfterTheClientGaveUp() throws Exception {
        simulator.setLatency(Duration.ofMillis(100));
        simulator.setLatencySpread(0, 3); // a create waits 300 ms before it takes effect
        CountDownLatch stored = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 1);
        SimulatorClient impatient = new SimulatorClient(simulator.baseUrl(), Duration.ofMillis(150));

        assertThatThrownBy(() -> impatient.createTmsKeys("stampede3", "bob", admin))
                .isInstanceOf(InterruptedIOException.class);
        assertThat(simulator.hasCredential("stampede3", "bob")).as("not yet when the client gave up").isFalse();

        assertThat(stored.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(simulator.hasCredential("stampede3", "bob")).isTrue();
        assertThat(simulator.keysMinted("stampede3", "bob")).isEqualTo(1);
        simulator.releaseHeld();
    }

    @Test
    void credentialWritesRunOneAtATime() throws Exception {
        Duration write = Duration.ofMillis(60);
        simulator.setWriteLatency(write);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String user = "user" + i;
            calls.add(() -> client.createTmsKeysUnchecked("stampede3", user, admin).status());
        }
        calls.add(() -> client.remove("vista", "jdoe", admin).status());

        long started = System.nanoTime();
        List<Integer> statuses = inParallel(calls);

        assertThat(statuses).containsOnly(201);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("four writes in turn")
                .isGreaterThanOrEqualTo(write.multipliedBy(4));
        assertThat(simulator.writeWaitTime()).as("the later ones queued").isGreaterThanOrEqualTo(write);
    }

    @Test
    void theVerifyLatencyIsSpentOnlyWhereTheHostIsAsked() throws IOException {
        simulator.setVerifyLatency(Duration.ofMillis(50));

        client.check("stampede3", "bob", admin); // nothing stored: no connection
        client.createTmsKeysUnchecked("stampede3", "carol", admin);
        client.remove("stampede3", "carol", admin);
        assertThat(simulator.serviceTime()).isZero();

        client.check("stampede3", "jdoe", admin);
        client.createTmsKeys("stampede3", "dave", admin);
        assertThat(simulator.serviceTime()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(simulator.sshConnects()).isEqualTo(2);
    }

    @Test
    void theSshThrottleDelaysConnectsToABusyHostAndProceeds() throws IOException {
        simulator.setSshThrottle(2, Duration.ofMinutes(1), Duration.ofMillis(20), Duration.ofMillis(40));

        for (int i = 0; i < 3; i++) {
            assertThat(client.check("stampede3", "jdoe", admin).status()).isEqualTo(200);
        }
        assertThat(client.createTmsKeys("stampede3.dtn", "bob", admin).status()).as("same host").isEqualTo(201);
        assertThat(client.createTmsKeys("vista", "bob", admin).status()).as("another host").isEqualTo(401);

        assertThat(simulator.sshHosts().get("stampede3.example.org")).isEqualTo(new SshHostCounts(4, 2, 0, 1));
        assertThat(simulator.sshHosts().get("vista.example.org")).isEqualTo(new SshHostCounts(1, 0, 0, 1));
        assertThat(simulator.sshConnects()).isEqualTo(5);
        assertThat(simulator.throttledConnects()).isEqualTo(2);
        assertThat(simulator.serviceTime()).isGreaterThanOrEqualTo(Duration.ofMillis(40));

        simulator.setSshThrottleOff();
        client.check("stampede3", "jdoe", admin);
        assertThat(simulator.throttledConnects()).isEqualTo(2);
    }

    @Test
    void idleConnectionsAreClosedAfterFiveSecondsAsNginxDoes() {
        assertThat(TapisSimulator.IDLE_CONNECTION_SECONDS).isEqualTo(5);
        assertThat(System.getProperty("sun.net.httpserver.idleInterval")).as("seconds, read by the JDK server")
                .isEqualTo("5");
        assertThat(System.getProperty("sun.net.httpserver.clockTick")).as("how often it looks, in ms").isEqualTo("1000");
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> simulator.setDropRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setServerErrorRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.failFrom(Endpoint.TOKEN, 0, Fault.DROP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setVerifyLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setWriteLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> simulator.setSshThrottle(0, Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeStopsServing() {
        simulator.close();

        assertThatThrownBy(() -> client.getSystem("stampede3", admin)).isInstanceOf(IOException.class);
    }
}
