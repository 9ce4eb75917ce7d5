package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The requests in flight per system, and answer times spread lognormally: docs/tapis-api.md, "The simulator". */
class SystemLoadTest {
    private static final Route CHECK = Route.of("POST", URI.create("/v3/systems/credential/stampede3/user/jdoe/check"));
    private static final Route GET_SYSTEM = Route.of("GET", URI.create("/v3/systems/frontera"));

    @Test
    void countsTheMostRequestsEverInFlightForEachSystem() {
        SystemLoad load = new SystemLoad();
        List<SystemLoad.Visit> visits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            visits.add(load.enter(CHECK));
        }
        visits.forEach(SystemLoad.Visit::close);
        load.enter(CHECK).close();
        load.enter(GET_SYSTEM).close();

        assertThat(load.mostInFlight()).containsExactly(java.util.Map.entry("frontera", 1),
                java.util.Map.entry("stampede3", 3));
    }

    @Test
    void answerTimesAreLognormalAroundTheLatencyAndCreatesTakeTheFactorLonger() {
        FaultInjector faults = new FaultInjector(7, new SustainedRateLimit(System::nanoTime));
        faults.setLatency(Duration.ofMillis(20));
        faults.setLatencySpread(1.5, 3);

        long[] checks = draws(faults, Endpoint.CHECK_CREDENTIAL);
        long[] creates = draws(faults, Endpoint.CREATE_CREDENTIAL);

        assertThat(checks[checks.length / 2] / 1e6).as("median ms").isBetween(18.0, 22.0);
        assertThat(checks[checks.length * 9 / 10] / (double) checks[checks.length / 2]).as("p90 / median, e^(1.28 x 1.5)")
                .isBetween(5.5, 8.5);
        assertThat(creates[creates.length / 2] / 1e6).as("creates' median ms").isBetween(54.0, 66.0);
    }

    private static long[] draws(FaultInjector faults, Endpoint endpoint) {
        long[] nanos = new long[4000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = faults.latency(endpoint).toNanos();
        }
        Arrays.sort(nanos);
        return nanos;
    }
}
