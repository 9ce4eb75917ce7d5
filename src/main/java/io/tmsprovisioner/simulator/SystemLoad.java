package io.tmsprovisioner.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The requests in flight for each system and the most there ever were at once. Thread-safe. */
final class SystemLoad {

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> most = new ConcurrentHashMap<>();

    /** A request for the route's system, if it names one, until {@link Visit#close()}. */
    Visit enter(Route route) {
        if (route.systemId() == null) {
            return () -> { };
        }
        AtomicInteger count = inFlight.computeIfAbsent(route.systemId(), id -> new AtomicInteger());
        most.merge(route.systemId(), count.incrementAndGet(), Math::max);
        return count::decrementAndGet;
    }

    /** The most requests there ever were in flight at once for each system, by system id. */
    Map<String, Integer> mostInFlight() {
        return new TreeMap<>(most);
    }

    /** Forgets the most in flight so far (requests in flight stay counted). */
    void reset() {
        most.clear();
    }

    /** One request being served. */
    interface Visit extends AutoCloseable {
        @Override
        void close();
    }
}
