package io.tmsprovisioner.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * tapis-shared-java's {@code SSHConnection.throttleLaunch} with its {@code ThrottleMap}: per host name, a sliding
 * window of connects; a connect that finds the window full sleeps a uniformly random time and then proceeds. It is
 * never refused, and, as in Tapis's {@code Throttle.record}, a delayed connect is not recorded in the window
 * (contract-findings item 8). The map lives in each Systems process: a tenant that runs several has a window per
 * process and host, and each connect lands on a process at random, as a Kubernetes Service spreads new
 * connections (nginx opens one per request to Systems). Off until {@link #set} turns it on. Thread-safe.
 */
final class ConnectThrottle {

    /** Tapis's own: 8 connects in 4 s, then 4 to 12 s of sleep. */
    static final Settings TAPIS = new Settings(8, Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(12));

    /** {@code connects} per {@code window} and host; beyond it, a sleep from {@code minSleep} up to {@code maxSleep}. */
    record Settings(int connects, Duration window, Duration minSleep, Duration maxSleep) {
        Settings {
            if (connects < 1 || window.isZero() || window.isNegative() || minSleep.isNegative() || maxSleep.compareTo(minSleep) < 0) {
                throw new IllegalArgumentException("an SSH throttle needs connects >= 1, a positive window and "
                        + "0 <= minSleep <= maxSleep; got " + connects + ", " + window + ", " + minSleep + ", " + maxSleep);
            }
        }
    }

    private final LongSupplier nanoTime;
    private final Random random;
    /** Per process and host, the times of the connects recorded in its window, oldest first. */
    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private Settings settings;
    private int processes = 1;
    /** Apart from {@link #random}: which process takes a connect must not shift the sleeps. */
    private final Random balancer;

    ConnectThrottle(LongSupplier nanoTime, long seed) {
        this.nanoTime = nanoTime;
        this.random = new Random(seed);
        this.balancer = new Random(seed + 1);
    }

    /** How long a connect to {@code host} now must sleep first: zero when its window has room (it is recorded). */
    synchronized Duration delay(String host) {
        if (settings == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        int process = processes == 1 ? 0 : balancer.nextInt(processes);
        Deque<Long> window = windows.computeIfAbsent(process + "/" + host, h -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() > settings.window().toNanos()) {
            window.removeFirst();
        }
        if (window.size() < settings.connects()) {
            window.addLast(now);
            return Duration.ZERO;
        }
        long spread = settings.maxSleep().toNanos() - settings.minSleep().toNanos();
        return settings.minSleep().plusNanos(spread == 0 ? 0 : random.nextLong(spread));
    }

    /** @param settings null turns the throttle off */
    synchronized void set(Settings settings) {
        this.settings = settings;
        windows.clear();
    }

    /** How many Systems processes share the connects, at random, each with its own throttle map; 1 unless set. */
    synchronized void setProcesses(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("there must be at least one Systems process, not " + processes);
        }
        this.processes = processes;
        windows.clear();
    }
}
