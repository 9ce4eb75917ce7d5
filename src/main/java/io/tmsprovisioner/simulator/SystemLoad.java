package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the systems' hosts go through: requests in flight per system and the most there ever were, the
 * time spent serving (sleeping the latency), and, when on, OpenSSH's {@code MaxStartups 10:30:100}: a
 * check or create that finds more than 10 other connections to the system's host pending is refused with
 * a probability of 30%, rising to 100% at 100 pending, and Tapis answers {@code SYSLIB_CRED_CONN_FAIL}.
 * Thread-safe. See {@code docs/tapis-api.md}, "Unreachable hosts and MaxStartups".
 */
final class SystemLoad {
    private static final int START = 10;
    private static final double RATE = 0.30;
    private static final int FULL = 100;

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connecting = new ConcurrentHashMap<>();
    private final Map<String, Integer> most = new ConcurrentHashMap<>();
    private final LongAdder servedNanos = new LongAdder();
    private final Random random;
    private volatile boolean sshMaxStartups;

    SystemLoad(long seed) {
        random = new Random(seed + 2);
    }

    /** A request for the route's system, if it names one, until {@link Visit#close()}. */
    Visit enter(Route route) {
        if (route.systemId() == null) {
            return Visit.NONE;
        }
        String system = route.systemId();
        int now = inFlight.computeIfAbsent(system, id -> new AtomicInteger()).incrementAndGet();
        most.merge(system, now, Math::max);
        boolean connects = route.endpoint() == Endpoint.CHECK_CREDENTIAL || route.endpoint() == Endpoint.CREATE_CREDENTIAL;
        int pending = connects ? connecting.computeIfAbsent(system, id -> new AtomicInteger()).incrementAndGet() : 0;
        boolean refused = connects && sshMaxStartups && refuses(pending - 1);
        return new Visit(refused, () -> {
            inFlight.get(system).decrementAndGet();
            if (connects) {
                connecting.get(system).decrementAndGet();
            }
        });
    }

    private boolean refuses(int othersPending) {
        if (othersPending <= START) {
            return false;
        }
        double chance = othersPending >= FULL ? 1 : RATE + (1 - RATE) * (othersPending - START) / (FULL - START);
        synchronized (random) {
            return random.nextDouble() < chance;
        }
    }

    void served(long nanos) {
        servedNanos.add(nanos);
    }

    long servedNanos() {
        return servedNanos.sum();
    }

    /** The most requests there ever were in flight at once for each system, by system id. */
    Map<String, Integer> mostInFlight() {
        return new TreeMap<>(most);
    }

    /** Forgets the service time and the most in flight so far (requests in flight stay counted). */
    void reset() {
        servedNanos.reset();
        most.clear();
    }

    void setSshMaxStartups(boolean on) {
        sshMaxStartups = on;
    }

    /** One request being served; {@code hostRefuses}: the system's sshd dropped its connection. */
    record Visit(boolean hostRefuses, Runnable leave) implements AutoCloseable {
        static final Visit NONE = new Visit(false, () -> { });

        @Override
        public void close() {
            leave.run();
        }
    }
}
