package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Requests received, by endpoint and by the status answered (0 for a dropped connection). Thread-safe. */
final class CallCounter {

    private final Map<Endpoint, Map<Integer, Integer>> counts = new EnumMap<>(Endpoint.class);

    synchronized void record(Endpoint endpoint, int status) {
        counts.computeIfAbsent(endpoint, e -> new HashMap<>()).merge(status, 1, Integer::sum);
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
    }
}
