package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.HttpServer;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A Tapis tenant on loopback that answers as the team's contract page (the shared {@code tapis-api.md}, checked
 * against the Tapis source) says: nginx in front, the Authenticator's token endpoint, and the Systems calls
 * getSystem, check, create and remove credential, with the Systems service's capacity limits, call counting, and
 * fault and latency injection for tests. This repository's {@code docs/tapis-api.md}, "The simulator", says what
 * it answers and what it does not model. Thread-safe; serves up to 64 requests at once.
 */
public final class TapisSimulator implements AutoCloseable {

    /** The calls the simulator counts apart; everything else is OTHER. */
    public enum Endpoint {
        TOKEN, GET_SYSTEM, LIST_SYSTEMS, CHECK_CREDENTIAL, CREATE_CREDENTIAL, REMOVE_CREDENTIAL, OTHER;

        /** Whether a call changes the tenant's state, so that losing its answer after the effect matters. */
        boolean mutates() {
            return this == CREATE_CREDENTIAL || this == REMOVE_CREDENTIAL;
        }
    }

    /**
     * An injected failure, answered as the contract page says each arises (docs/tapis-api.md, "The simulator").
     * <ul>
     * <li>From nginx, before the service sees the call, so without effect: SERVER_ERROR (503), BAD_GATEWAY (502) and
     * TOO_MANY_REQUESTS (429, with {@code Retry-After}; Tapis has no rate limit, but a proxy in front may), each as
     * nginx's HTML page, never JSON; DROP closes the connection without an answer.</li>
     * <li>From the service: INTERNAL_ERROR is the 500 envelope of a failure inside it, without effect (for a create:
     * TMS could not be reached, {@code SYSAPI_CRED_ERROR ... SYSLIB_CRED_TMS_KEYS_ERR}, nothing minted or stored).
     * INTERNAL_ERROR_AFTER_EFFECT answers a 500 after the effect (a create minted and stored the keys, then failed,
     * with no rollback). LOGIN_TRY_LATER, for TOKEN only, is the Authenticator's transient
     * {@code 400 Failure to generate an access token; please try again later.}</li>
     * <li>After the effect: LOSE_ANSWER closes the connection without an answer, GATEWAY_TIMEOUT_AFTER_EFFECT answers
     * nginx's 504 page (the service acted, a proxy gave up waiting).</li>
     * </ul>
     */
    public enum Fault {
        SERVER_ERROR, INTERNAL_ERROR, BAD_GATEWAY, TOO_MANY_REQUESTS, DROP, LOSE_ANSWER, INTERNAL_ERROR_AFTER_EFFECT,
        GATEWAY_TIMEOUT_AFTER_EFFECT, LOGIN_TRY_LATER;

        /** Whether nginx answers it without passing the call on. */
        boolean fromGateway() {
            return this == SERVER_ERROR || this == BAD_GATEWAY || this == TOO_MANY_REQUESTS || this == DROP;
        }
    }

    /** The seed used when none is given, so runs are reproducible. */
    public static final long DEFAULT_SEED = 20_251_129L;

    private static final String HOST = "127.0.0.1";
    private static final int THREADS = 64;

    /** nginx closes a kept-alive connection after this long idle ({@code keepalive_timeout 5}). */
    public static final int IDLE_CONNECTION_SECONDS = 5;

    static {
        // The JDK server writes headers and body in two segments; with Nagle on, the body waits for the
        // client's delayed ACK, ~40 ms per call.
        setUnlessSet("sun.net.httpserver.nodelay", "true");
        // nginx in front of Tapis closes a connection idle for 5 s, so a client that reuses it later finds it closed
        // (contract page, "Tenancy, transport"). The JDK server closes idle connections after idleInterval seconds
        // (JDK 17: 30), checking every clockTick milliseconds (10,000): 5 s and 1 s make it close after 5 to 6 s.
        setUnlessSet("sun.net.httpserver.idleInterval", String.valueOf(IDLE_CONNECTION_SECONDS));
        setUnlessSet("sun.net.httpserver.clockTick", "1000");
        // All three are read once, when the JVM's first HttpServer is made.
    }

    private final CredentialStore store;
    private final TokenIssuer tokens;
    private final FaultInjector faults;
    private final Pause pause = new Pause();
    private final CallCounter counter = new CallCounter();
    private final CallHold hold = new CallHold();
    private final SystemLoad load = new SystemLoad();
    private final Tms tms;
    private final HostConnections hosts;
    private final CredentialWrites writes = new CredentialWrites(pause);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());

    private TapisSimulator(SimulatorState state, Clock clock, long randomSeed, int port) {
        store = new CredentialStore(state);
        tokens = new TokenIssuer(clock, Duration.ofSeconds(state.tokenLifetimeSeconds()), state.tenant(), randomSeed);
        faults = new FaultInjector(randomSeed, new SustainedRateLimit(System::nanoTime));
        tms = new Tms(state.tms());
        hosts = new HostConnections(pause, System::nanoTime, randomSeed, state.systems().stream()
                .filter(SimulatorState.SystemDef::hostDown).map(SimulatorState.SystemDef::host).collect(Collectors.toSet()));
        SystemsEndpoint systems = new SystemsEndpoint(store, tms, new VerifyStep(hosts), writes);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
        } catch (IOException e) {
            executor.shutdown();
            throw new UncheckedIOException("cannot open the Tapis simulator on " + HOST + ":" + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", new RequestHandler(state.tenant(), tokens, new TokenEndpoint(store, tokens), systems,
                faults, pause, counter, hold, load));
        server.start();
    }

    public static TapisSimulator start(SimulatorState state) {
        return start(state, Clock.systemUTC(), DEFAULT_SEED);
    }

    /** @param clock judges token expiry; tests move it instead of sleeping */
    public static TapisSimulator start(SimulatorState state, Clock clock, long randomSeed) {
        return new TapisSimulator(state, clock, randomSeed, 0);
    }

    /** On a chosen port (0 for a free one), for a simulator people run by hand. */
    public static TapisSimulator start(SimulatorState state, int port) {
        return new TapisSimulator(state, Clock.systemUTC(), DEFAULT_SEED, port);
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** E.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        hold.release();
        server.stop(0);
        executor.shutdownNow(); // interrupts calls sleeping in a Pause
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
        return tms.minted(new Credential(systemId, username));
    }

    public int totalKeysMinted() {
        return tms.totalMinted();
    }

    /** A sorted snapshot of the stored credentials as "systemId/username". */
    public Set<String> credentialPairs() {
        return Collections.unmodifiableSortedSet(store.credentialPairs());
    }

    // --- counters: every request received, faulted ones with the status answered (0 for a drop)

    public int calls(Endpoint endpoint) {
        return counter.calls(endpoint);
    }

    public int calls(Endpoint endpoint, int httpStatus) {
        return counter.calls(endpoint, httpStatus);
    }

    /**
     * Creates and removes received so far with a token issued to {@code username} (expired or revoked ones too),
     * whatever they were answered: dropped, faulted and refused ones count, for they were sent. Tells apart the
     * changes of two clients that log in as different accounts, e.g. to check that a paused process sends none
     * after another took its work over (bench/chaos.sh).
     */
    public int changeRequests(String username) {
        return counter.changesBy(username);
    }

    public int totalCalls() {
        return counter.total();
    }

    /**
     * Time spent sleeping so far, summed over all requests: answer latency, SSH throttle delays, handshakes and
     * credential writes, the work a Tapis did.
     */
    public Duration serviceTime() {
        return Duration.ofNanos(pause.servedNanos());
    }

    /** The most requests in flight at once for each system so far, by system id. */
    public Map<String, Integer> mostInFlight() {
        return load.mostInFlight();
    }

    /** SSH connections opened by verify steps so far, all hosts together. */
    public int sshConnects() {
        return sshHosts().values().stream().mapToInt(SshHostCounts::connects).sum();
    }

    /**
     * The time under which the given share (0.5: the median) of SSH connects took so far, all hosts together:
     * throttle sleep and handshake, without the answer's own latency.
     */
    public Duration sshConnectTime(double share) {
        return hosts.connectTime(share);
    }

    /** SSH connections that first slept in the connect throttle so far, all hosts together. */
    public int throttledConnects() {
        return sshHosts().values().stream().mapToInt(SshHostCounts::throttled).sum();
    }

    /** The SSH connections of verify steps so far, by host name. */
    public Map<String, SshHostCounts> sshHosts() {
        return hosts.counts();
    }

    /** Time creates and removes spent waiting for their turn to write, summed. */
    public Duration writeWaitTime() {
        return Duration.ofNanos(writes.waitedNanos());
    }

    /** Forgets every counter above (calls, service time, most in flight, SSH connections, write waits). */
    public void resetCounters() {
        counter.reset();
        load.reset();
        pause.reset();
        hosts.resetCounts();
        writes.reset();
    }

    // --- tokens and the gateway

    /** Every access token issued so far is answered with TAPIS_SECURITY_JWT_EXPIRED. */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    /**
     * Every access token issued so far is revoked: nginx answers each call that carries one with a 500
     * {@code Token is revoked.} before the service sees it. Tokens issued later work.
     */
    public void revokeIssuedTokens() {
        tokens.revokeIssued();
    }

    /**
     * While on, the site router's revocation check itself fails (its Redis is down), which it reports as
     * "revoked": every call with a token, fresh ones too, gets nginx's 500 {@code Token is revoked.}
     */
    public void setRevocationCheckFailing(boolean failing) {
        tokens.setRevocationCheckFailing(failing);
    }

    /**
     * The next {@code times} logins get the Authenticator's transient failure, a 400
     * {@code Failure to generate an access token; please try again later.} (a {@link Fault#LOGIN_TRY_LATER} rule).
     */
    public void failLogins(int times) {
        faults.failFrom(Endpoint.TOKEN, 1, Fault.LOGIN_TRY_LATER, times);
    }

    // --- latency and the service's capacity

    /** Delay before every answer, faulted ones included, before the call takes effect. */
    public void setLatency(Duration perCall) {
        faults.setLatency(perCall);
    }

    /**
     * Spreads the answer times: lognormal around the latency (its median), with {@code sigma} the spread of its
     * logarithm (0: every answer takes the latency); creates take {@code createFactor} times as long, all of it
     * before their effect, so a create slower than a client's timeout still stores its keys afterwards.
     */
    public void setLatencySpread(double sigma, double createFactor) {
        faults.setLatencySpread(sigma, createFactor);
    }

    /**
     * The SSH handshake's time in each verify step (a check of a stored credential, a create that verifies), on top
     * of the latency; the connection is pending on its host meanwhile, which is what MaxStartups counts.
     */
    public void setVerifyLatency(Duration handshake) {
        hosts.setHandshake(handshake);
    }

    /**
     * While on, each host's sshd drops connections as OpenSSH's default {@code MaxStartups 10:30:100} does, counting
     * the connections pending on that host (systems sharing a host share them); needs a verify latency to matter.
     */
    public void setSshMaxStartups(boolean on) {
        hosts.setMaxStartups(on);
    }

    /**
     * Tapis's SSH connect throttle with other numbers (tests use milliseconds): per host, {@code connects} in a
     * sliding {@code window}; a connect beyond it sleeps a uniformly random time from {@code minSleep} up to
     * {@code maxSleep} (drawn from the seed) and then proceeds.
     */
    public void setSshThrottle(int connects, Duration window, Duration minSleep, Duration maxSleep) {
        hosts.setThrottle(new ConnectThrottle.Settings(connects, window, minSleep, maxSleep));
    }

    /** Tapis's own SSH connect throttle: per host, 8 connects in 4 s; beyond it, a sleep of 4 to 12 s. */
    public void setTapisSshThrottle() {
        hosts.setThrottle(ConnectThrottle.TAPIS);
    }

    /**
     * Runs the throttle in {@code processes} Systems processes behind a load balancer that hands each SSH connect to
     * one of them at random: each keeps its own window per host, so the tenant admits up to that many times as many
     * connects, but not evenly (1 by default).
     */
    public void setSystemsProcesses(int processes) {
        hosts.setSystemsProcesses(processes);
    }

    /** No SSH connect throttle (the default). */
    public void setSshThrottleOff() {
        hosts.setThrottle(null);
    }

    /**
     * The time each credential write (a create's store, a remove) takes inside Systems' one lock, so that
     * concurrent creates and removes queue behind each other.
     */
    public void setWriteLatency(Duration perWrite) {
        writes.setLatency(perWrite);
    }

    // --- TMS

    /**
     * Whether the credential listing ({@code getSystems?hasCredentials=true}) leaves {@code TMS_KEYS} systems out, as
     * every public computation of {@code hasCredentials} does (docs/tapis-api.md, "getSystems: the credential
     * listing"): a TMS pair is then stored but not listed. Off by default: the listing names every stored pair.
     */
    public void setListingOmitsTmsKeys(boolean omits) {
        store.setListingOmitsTmsKeys(omits);
    }

    /** How far the tenant is set up for TMS keys from now on (the state file's {@code tms}). */
    public void setTmsSetup(TmsSetup setup) {
        tms.setSetup(Objects.requireNonNull(setup, "setup"));
    }

    /**
     * While on, TMS answers every mint with a 500 (a transient failure): creates with {@code createTmsKeys} answer
     * 500 {@code SYSAPI_CRED_ERROR ... SYSLIB_CRED_TMS_KEYS_HTTP_ERR} and mint and store nothing.
     */
    public void setTmsFailing(boolean failing) {
        tms.setFailing(failing);
    }

    // --- faults; they apply to every endpoint, TOKEN included, unless a rule names one

    /**
     * Probability of a server error, drawn evenly from INTERNAL_ERROR, INTERNAL_ERROR_AFTER_EFFECT, BAD_GATEWAY,
     * SERVER_ERROR and GATEWAY_TIMEOUT_AFTER_EFFECT (see {@link Fault}; the effects matter on creates and removes only).
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
     * While on, the system's host (and so every system on it) cannot be reached: checks of a stored credential,
     * and creates that verify, answer {@code SYSLIB_CRED_CONN_FAIL}; removes still work (they do not connect).
     */
    public void setHostDown(String systemId, boolean down) {
        hosts.setHostDown(store.existing(systemId).host(), down);
    }

    /** Probability of closing the connection without an answer, without the effect. */
    public void setDropRate(double p) {
        faults.setDropRate(p);
    }

    /** Probability of a 429 with a {@code Retry-After} header, without the effect. */
    public void setTooManyRequests(double p, int retryAfterSeconds) {
        faults.setTooManyRequests(p, retryAfterSeconds);
    }

    /** While on, every call is answered 503 by nginx. */
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

    /**
     * Removes every rate, rule (failed logins included), the rate limit and the outage; latency, capacity settings,
     * TMS settings, revoked tokens and hosts that are down stay.
     */
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
