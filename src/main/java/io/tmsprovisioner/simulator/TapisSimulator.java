package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.HttpServer;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Tapis tenant on loopback that follows this repository's {@code docs/tapis-api.md}: the Authenticator's
 * token endpoint and the four Systems credential calls, with call counting and fault and latency injection
 * for tests (see "The simulator" there, and "What the simulator does not model").
 * Thread-safe; serves up to 64 requests at once.
 */
public final class TapisSimulator implements AutoCloseable {

    /** The calls the simulator counts apart; everything else is OTHER. */
    public enum Endpoint {
        TOKEN, GET_SYSTEM, CHECK_CREDENTIAL, CREATE_CREDENTIAL, REMOVE_CREDENTIAL, OTHER;

        /** Whether a call changes the tenant's state, so that losing its answer after the effect matters. */
        boolean mutates() {
            return this == CREATE_CREDENTIAL || this == REMOVE_CREDENTIAL;
        }
    }

    /**
     * An injected failure. SERVER_ERROR (503), INTERNAL_ERROR (500), BAD_GATEWAY (502, plain text),
     * TOO_MANY_REQUESTS (429) and DROP (connection closed without an answer) happen before the call takes
     * effect. LOSE_ANSWER lets the call take effect and then closes the connection without an answer;
     * INTERNAL_ERROR_AFTER_EFFECT answers 500 after the effect (a key minted, the secret write failed, no
     * rollback) and GATEWAY_TIMEOUT_AFTER_EFFECT a plain-text 504 after it (the service acted, the gateway
     * gave up waiting).
     */
    public enum Fault {
        SERVER_ERROR, INTERNAL_ERROR, BAD_GATEWAY, TOO_MANY_REQUESTS, DROP, LOSE_ANSWER, INTERNAL_ERROR_AFTER_EFFECT,
        GATEWAY_TIMEOUT_AFTER_EFFECT
    }

    /** The seed used when none is given, so runs are reproducible. */
    public static final long DEFAULT_SEED = 20_251_129L;

    private static final String HOST = "127.0.0.1";
    private static final int THREADS = 64;

    static {
        // The JDK server writes headers and body in two segments; with Nagle on, the body waits for the
        // client's delayed ACK, ~40 ms per call. The setting is read once, when the first server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final CredentialStore store;
    private final TokenIssuer tokens;
    private final FaultInjector faults;
    private final CallCounter counter;
    private final CallHold hold;
    private final SystemLoad load;

    private TapisSimulator(HttpServer server, ExecutorService executor, CredentialStore store, TokenIssuer tokens,
                           FaultInjector faults, CallCounter counter, CallHold hold, SystemLoad load) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.tokens = tokens;
        this.faults = faults;
        this.counter = counter;
        this.hold = hold;
        this.load = load;
    }

    public static TapisSimulator start(SimulatorState state) {
        return start(state, Clock.systemUTC(), DEFAULT_SEED);
    }

    /** @param clock judges token expiry; tests move it instead of sleeping */
    public static TapisSimulator start(SimulatorState state, Clock clock, long randomSeed) {
        return start(state, clock, randomSeed, 0);
    }

    /** On a chosen port (0 for a free one), for a simulator people run by hand. */
    public static TapisSimulator start(SimulatorState state, int port) {
        return start(state, Clock.systemUTC(), DEFAULT_SEED, port);
    }

    private static TapisSimulator start(SimulatorState state, Clock clock, long randomSeed, int port) {
        CredentialStore store = new CredentialStore(state);
        TokenIssuer tokens = new TokenIssuer(clock, Duration.ofSeconds(state.tokenLifetimeSeconds()), randomSeed);
        FaultInjector faults = new FaultInjector(randomSeed, new SustainedRateLimit(System::nanoTime));
        CallCounter counter = new CallCounter();
        CallHold hold = new CallHold();
        SystemLoad load = new SystemLoad(randomSeed);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Tapis simulator on " + HOST + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new RequestHandler(tokens, new TokenEndpoint(store, tokens),
                new SystemsEndpoint(store), faults, counter, hold, load));
        server.start();
        return new TapisSimulator(server, executor, store, tokens, faults, counter, hold, load);
    }

    /** E.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        hold.release();
        server.stop(0);
        executor.shutdownNow(); // interrupts calls sleeping in injected latency
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- state queries

    public boolean hasCredential(String systemId, String username) {
        return store.has(new Credential(systemId, username));
    }

    /** Key pairs TMS ever minted for the pair; TMS keeps them all, so more than one means leftover live keys. */
    public int keysMinted(String systemId, String username) {
        return store.keysMinted(new Credential(systemId, username));
    }

    public int totalKeysMinted() {
        return store.totalKeysMinted();
    }

    /** A sorted snapshot of the stored credentials as "systemId/username". */
    public Set<String> credentialPairs() {
        return Collections.unmodifiableSortedSet(store.credentialPairs());
    }

    // --- call counting: every request received, faulted ones with the status answered (0 for a drop)

    public int calls(Endpoint endpoint) {
        return counter.calls(endpoint);
    }

    public int calls(Endpoint endpoint, int httpStatus) {
        return counter.calls(endpoint, httpStatus);
    }

    public int totalCalls() {
        return counter.total();
    }

    /** Forgets the calls counted, the service time and the most in flight per system so far. */
    public void resetCounters() {
        counter.reset();
        load.reset();
    }

    // --- tokens

    /** Every access token issued so far is answered with TAPIS_SECURITY_JWT_EXPIRED; refresh tokens still work. */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    // --- faults and latency; they apply to every endpoint, TOKEN included, unless a rule names one

    /** Delay before every answer, faulted ones included. */
    public void setLatency(Duration perCall) {
        faults.setLatency(perCall);
    }

    /**
     * Spreads the answer times like SSH handshakes: lognormal around the latency (its median), with
     * {@code sigma} the spread of its logarithm (0: every answer takes the latency); creates take
     * {@code createFactor} times as long.
     */
    public void setLatencySpread(double sigma, double createFactor) {
        faults.setLatencySpread(sigma, createFactor);
    }

    /** While on, a system's sshd drops connections as OpenSSH's default {@code MaxStartups 10:30:100} does. */
    public void setSshMaxStartups(boolean on) {
        load.setSshMaxStartups(on);
    }

    /** Time spent sleeping answer latencies so far, summed over all requests: the work a Tapis did. */
    public Duration serviceTime() {
        return Duration.ofNanos(load.servedNanos());
    }

    /** The most requests in flight at once for each system so far, by system id. */
    public Map<String, Integer> mostInFlight() {
        return load.mostInFlight();
    }

    /**
     * Probability of a server error, drawn evenly from a 500 without the effect, a 500 after the effect, a
     * plain-text 502 and a 503 without it, and a plain-text 504 after it (the effects matter on creates and
     * removes only).
     */
    public void setServerErrorRate(double p) {
        faults.setServerErrorRate(p);
    }

    /** Probability that a create or remove takes effect and its connection is then closed without an answer. */
    public void setLostAnswerRate(double p) {
        faults.setLostAnswerRate(p);
    }

    /**
     * A sustained limit on all requests together: {@code perSecond} on average, in bursts of up to
     * {@code burst}; the rest are answered 429 with {@code Retry-After}. A rate of 0 turns it off.
     */
    public void setRateLimit(double perSecond, int burst) {
        faults.setRateLimit(perSecond, burst);
    }

    /**
     * While on, the system's host cannot be reached over SSH: checks of a stored credential, and creates
     * after storing the keys, answer {@code SYSLIB_CRED_CONN_FAIL}; removes still work (they do not connect).
     */
    public void setHostDown(String systemId, boolean down) {
        store.setHostDown(systemId, down);
    }

    /** Probability of closing the connection without an answer, without the effect. */
    public void setDropRate(double p) {
        faults.setDropRate(p);
    }

    /** Probability of a 429 with a {@code Retry-After} header, without the effect. */
    public void setTooManyRequests(double p, int retryAfterSeconds) {
        faults.setTooManyRequests(p, retryAfterSeconds);
    }

    /** While on, every call is answered 503. */
    public void setOutage(boolean on) {
        faults.setOutage(on);
    }

    /**
     * From the {@code nth} call (1-based) of {@code endpoint} after this rule is set, apply {@code fault}
     * to every call of that endpoint. A rule's 429 carries the Retry-After of {@link #setTooManyRequests}
     * (1 second unless set).
     */
    public void failFrom(Endpoint endpoint, int nth, Fault fault) {
        faults.failFrom(endpoint, nth, fault, Integer.MAX_VALUE);
    }

    /** As {@link #failFrom(Endpoint, int, Fault)}, for {@code times} calls only; then that endpoint answers normally again. */
    public void failCalls(Endpoint endpoint, int nth, int times, Fault fault) {
        faults.failFrom(endpoint, nth, fault, times);
    }

    /** Removes every rate, rule, the rate limit and the outage; latency and hosts that are down stay. */
    public void clearFaults() {
        faults.clear();
    }

    // --- holding a call, for crash tests

    /**
     * Holds the {@code nth} call of {@code endpoint} (counted from now, answered normally otherwise) after
     * it took effect and before it is answered, until {@link #releaseHeld()} or {@link #close()}.
     *
     * @return a latch that opens when the held call has arrived and taken effect
     */
    public CountDownLatch holdAfterEffect(Endpoint endpoint, int nth) {
        return hold.hold(endpoint, nth);
    }

    /** As {@link #holdAfterEffect(Endpoint, int)}, for the endpoint's first call for this user on this system. */
    public CountDownLatch holdAfterEffect(Endpoint endpoint, String systemId, String username) {
        return hold.hold(endpoint, systemId, username);
    }

    /** Lets the held call answer. */
    public void releaseHeld() {
        hold.release();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        // daemon, so a test that forgets close() cannot keep the JVM alive
        return runnable -> {
            Thread thread = new Thread(runnable, "tapis-sim-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
