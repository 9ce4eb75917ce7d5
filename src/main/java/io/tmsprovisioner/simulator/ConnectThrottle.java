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
 * (contract-findings item 8). Off until {@link #set} turns it on. Thread-safe.
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
    /** Per host, the times of the connects recorded in its window, oldest first. */
    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private Settings settings;

    ConnectThrottle(LongSupplier nanoTime, long seed) {
        this.nanoTime = nanoTime;
        this.random = new Random(seed);
    }

    /** How long a connect to {@code host} now must sleep first: zero when its window has room (it is recorded). */
    synchronized Duration delay(String host) {
        if (settings == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        Deque<Long> window = windows.computeIfAbsent(host, h -> new ArrayDeque<>());
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
}
