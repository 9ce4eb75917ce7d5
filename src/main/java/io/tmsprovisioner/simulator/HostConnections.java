package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The connections Systems' verify step opens to a system's host, one per check of a stored credential and per
 * create that verifies (contract page, "The service's capacity"): the SSH connect throttle, sshd's MaxStartups, the
 * handshake's time, and whether the host answers and takes the key. Hosts are known by name, so systems sharing a
 * host share its throttle window, its pending connections and its being down. Thread-safe.
 */
final class HostConnections {

    /** How a connection to the host ended. */
    enum Outcome {
        /** Connected and authenticated: the credential works. */
        ACCEPTED,
        /** The host did not answer (down or unreachable). */
        TIMED_OUT,
        /** sshd dropped the connection before authenticating (MaxStartups). */
        DROPPED,
        /** The host refused the key. */
        KEY_REFUSED
    }

    private final Pause pause;
    private final ConnectThrottle throttle;
    private final MaxStartups maxStartups;
    private final Set<String> hostsDown = ConcurrentHashMap.newKeySet();
    private final Map<String, HostCounter> counters = new ConcurrentHashMap<>();
    /** How long each SSH connect took, throttle sleep and handshake included, in nanoseconds: for the benchmark. */
    private final List<Long> connectNanos = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration handshake = Duration.ZERO;
    private final LongSupplier nanoTime;

    HostConnections(Pause pause, LongSupplier nanoTime, long seed, Set<String> hostsDown) {
        this.pause = pause;
        this.nanoTime = nanoTime;
        this.throttle = new ConnectThrottle(nanoTime, seed + 3);
        this.maxStartups = new MaxStartups(seed + 2);
        this.hostsDown.addAll(hostsDown);
    }

    /**
     * Connects to the system's host as the verify step does. Over SSH first the throttle (which may sleep), then
     * sshd (which may drop it at once), then the handshake; an S3 {@code HeadObject} only takes the handshake's time
     * and is not counted.
     */
    Outcome connect(SystemDef system, boolean ssh) {
        if (ssh) {
            String host = system.host();
            HostCounter counter = counters.computeIfAbsent(host, h -> new HostCounter());
            counter.connects.incrementAndGet();
            long started = nanoTime.getAsLong();
            Duration delay = throttle.delay(host);
            if (!delay.isZero()) {
                counter.throttled.incrementAndGet();
                pause.sleep(delay);
            }
            MaxStartups.Pending pending = maxStartups.connect(host);
            if (pending == null) {
                counter.dropped.incrementAndGet();
                return Outcome.DROPPED;
            }
            try (pending) {
                counter.mostPending.accumulateAndGet(pending.pendingWithIt(), Math::max);
                pause.sleep(handshake);
            }
            connectNanos.add(nanoTime.getAsLong() - started);
        } else {
            pause.sleep(handshake);
        }
        if (hostsDown.contains(system.host())) {
            return Outcome.TIMED_OUT;
        }
        return system.hostCheckFails() ? Outcome.KEY_REFUSED : Outcome.ACCEPTED;
    }

    void setHostDown(String host, boolean down) {
        if (down) {
            hostsDown.add(host);
        } else {
            hostsDown.remove(host);
        }
    }

    /** The time from connecting to authenticated (or refused), spent while the connection is pending. */
    void setHandshake(Duration handshake) {
        if (handshake.isNegative()) {
            throw new IllegalArgumentException("verify latency must not be negative: " + handshake);
        }
        this.handshake = handshake;
    }

    void setThrottle(ConnectThrottle.Settings settings) {
        throttle.set(settings);
    }

    void setSystemsProcesses(int processes) {
        throttle.setProcesses(processes);
    }

    void setMaxStartups(boolean on) {
        maxStartups.setOn(on);
    }

    /** The counts so far, by host name. */
    Map<String, SshHostCounts> counts() {
        Map<String, SshHostCounts> counts = new TreeMap<>();
        counters.forEach((host, counter) -> counts.put(host, counter.snapshot()));
        return counts;
    }

    void resetCounts() {
        counters.clear();
        connectNanos.clear();
    }

    /** The time under which the given share of SSH connects took (throttle sleep and handshake); zero before any. */
    Duration connectTime(double share) {
        List<Long> sorted;
        synchronized (connectNanos) {
            sorted = new ArrayList<>(connectNanos);
        }
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        Collections.sort(sorted);
        return Duration.ofNanos(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1)));
    }

    private static final class HostCounter {
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger mostPending = new AtomicInteger();

        SshHostCounts snapshot() {
            return new SshHostCounts(connects.get(), throttled.get(), dropped.get(), mostPending.get());
        }
    }
}
