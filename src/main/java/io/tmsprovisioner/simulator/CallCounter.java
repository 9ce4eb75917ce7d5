package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests received, by endpoint and by the status answered (0 for a dropped connection), and the creates and removes
 * received by the account whose token they carry. Thread-safe.
 */
final class CallCounter {

    private final Map<Endpoint, Map<Integer, Integer>> counts = new EnumMap<>(Endpoint.class);
    private final Map<String, Integer> changesBy = new HashMap<>();

    synchronized void record(Endpoint endpoint, int status) {
        counts.computeIfAbsent(endpoint, e -> new HashMap<>()).merge(status, 1, Integer::sum);
    }

    /** A create or remove arrived with a token issued to {@code username}, whatever it is answered. */
    synchronized void recordChange(String username) {
        changesBy.merge(username, 1, Integer::sum);
    }

    synchronized int changesBy(String username) {
        return changesBy.getOrDefault(username, 0);
    }

    synchronized int calls(Endpoint endpoint) {
        return counts.getOrDefault(endpoint, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int calls(Endpoint endpoint, int status) {
        return counts.getOrDefault(endpoint, Map.of()).getOrDefault(status, 0);
    }

    synchronized int total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    synchronized void reset() {
        counts.clear();
        changesBy.clear();
    }
}
