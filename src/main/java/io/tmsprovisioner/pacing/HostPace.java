package io.tmsprovisioner.pacing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The pace of one host's SSH connects: at most {@code pace} starts in any paced window and at most
 * {@link PacingSettings#maxPending()} in flight, with the pace adapted to what the answers show. All times are
 * nanoseconds of the caller's clock; the caller holds no lock, this class locks itself.
 *
 * <p>The rules:
 * <ul>
 * <li>A connect that takes {@link PacingSettings#slowBy()} longer than the host's usual one (the median of its
 *     recent ones) slept in Systems' throttle: a sign of overload, noticed as soon as a connect in flight is that
 *     late, not only when it ends. So is a burst of unreachable answers: 3 of the last 8 (sshd dropping
 *     connections under load, or the host going down).</li>
 * <li>On a sign (at most one reaction per window): a pace raised less than three windows before goes back to what
 *     it was; any other pace goes one connect down (a tenant whose Systems processes each take connects at random
 *     throttles now and then well below what they admit together: a sign is no proof that the pace is too high).
 *     Then no probing for {@link PacingSettings#hold()}.</li>
 * <li>When the window is full and starts must wait, the pace is probed higher, never above
 *     {@link PacingSettings#maxConnects()}. While the host never showed a sign, once a window: by one connect
 *     first, and by a quarter after a raise that brought no sign (a tenant may run several Systems processes behind
 *     a load balancer, each with its own throttle: room to find quickly). After a sign, by one connect every three
 *     windows.</li>
 * </ul>
 */
final class HostPace {
    private static final int RECENT = 16;
    private static final int UNREACHABLE_OF = 8;
    private static final int UNREACHABLE_BURST = 3;
    private static final int PROBE_BACKOFF_WINDOWS = 3;

    private final Duration window;
    private final long windowNanos;
    private final long slowByNanos;
    private final long holdNanos;
    private final long pollNanos;
    private final int maxConnects;
    private final int maxPending;

    private int pace;
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    /** Connects in flight by ticket. */
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    private final long[] recentNanos = new long[RECENT];
    private int recentCount;
    /** The median of {@link #recentNanos}, kept as they change: it is read for every connect in flight. */
    private long usualNanos;
    private final boolean[] recentUnreachable = new boolean[UNREACHABLE_OF];
    private int outcomes;
    private long lastRaiseAt;
    /** The pace before the last raise; -1 before any raise and after a sign. */
    private int paceBeforeRaise = -1;
    private long lastSignAt;
    private long holdUntil;
    private boolean everSigned;
    /** Whether a connect was ever asked for: the clock's values mean nothing before. */
    private boolean started;

    private long connects;
    private long slow;
    private final LatencyHistogram times = new LatencyHistogram();

    HostPace(PacingSettings settings) {
        this.window = settings.window();
        this.windowNanos = settings.pacedWindow().toNanos();
        this.slowByNanos = settings.slowBy().toNanos();
        this.holdNanos = settings.hold().toNanos();
        this.pollNanos = Math.max(1, settings.window().toNanos() / 40);
        this.maxConnects = settings.maxConnects();
        this.maxPending = settings.maxPending();
        this.pace = settings.connects();
    }

    /**
     * Starts connect {@code ticket} now if the pace allows it.
     *
     * @return 0 when it started; else how long to wait before asking again
     */
    synchronized long tryStart(long ticket, long now) {
        if (!started) {
            started = true;
            lastRaiseAt = now;
            lastSignAt = now - windowNanos;
            holdUntil = now;
        }
        while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
            starts.removeFirst();
        }
        noticeLateInFlight(now);
        if (inFlight.size() >= maxPending) {
            return pollNanos;
        }
        if (starts.size() >= pace) {
            maybeRaise(now);
        }
        if (starts.size() >= pace) {
            return Math.max(1, starts.peekFirst() + windowNanos - now);
        }
        starts.addLast(now);
        inFlight.put(ticket, new InFlight(now));
        connects++;
        return 0;
    }

    /** Connect {@code ticket} did not connect after all (nothing was stored): its start is given back. */
    synchronized void notConnected(long ticket) {
        InFlight connect = inFlight.remove(ticket);
        if (connect != null) {
            starts.removeFirstOccurrence(connect.start);
            connects--;
        }
    }

    /**
     * Connect {@code ticket} ended with an answer from the verify step.
     *
     * @param unreachable whether the host could not be reached ({@code SYSLIB_CRED_CONN_FAIL})
     */
    synchronized void connected(long ticket, long now, boolean unreachable) {
        InFlight connect = inFlight.remove(ticket);
        if (connect == null) {
            return;
        }
        long took = now - connect.start;
        times.record(took);
        if (!connect.late && isSlow(took)) {
            slow++;
            sign(now);
        } else if (!connect.late) {
            recentNanos[recentCount++ % RECENT] = took;
            usualNanos = median(recentNanos, Math.min(recentCount, RECENT));
        }
        recentUnreachable[outcomes++ % UNREACHABLE_OF] = unreachable;
        if (unreachable && unreachableBurst()) {
            sign(now);
        }
    }

    /** Connect {@code ticket} failed without an answer: whether it connected is unknown, its start stays counted. */
    synchronized void unknown(long ticket) {
        inFlight.remove(ticket);
    }

    synchronized int pace() {
        return pace;
    }

    synchronized HostFigures figures(String host) {
        return new HostFigures(host, connects, slow, pace, window, times.quantile(0.5), times.quantile(0.95));
    }

    /** A connect still in flight that is already later than a throttled one would be: react now, not when it ends. */
    private void noticeLateInFlight(long now) {
        for (InFlight connect : inFlight.values()) {
            if (!connect.late && isSlow(now - connect.start)) {
                connect.late = true;
                slow++;
                sign(now);
            }
        }
    }

    /** Whether a connect took longer than the host's usual one (the median of its recent ones) by a throttle's sleep. */
    private boolean isSlow(long took) {
        return took > usualNanos + slowByNanos;
    }

    private static long median(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }

    private boolean unreachableBurst() {
        int count = 0;
        for (int i = 0; i < Math.min(outcomes, UNREACHABLE_OF); i++) {
            count += recentUnreachable[i] ? 1 : 0;
        }
        return count >= UNREACHABLE_BURST;
    }

    private void sign(long now) {
        everSigned = true;
        holdUntil = now + holdNanos;
        if (now - lastSignAt < windowNanos) {
            return; // one reaction per window: the connects of a window all show the same overload
        }
        lastSignAt = now;
        boolean justRaised = paceBeforeRaise > 0 && now - lastRaiseAt < PROBE_BACKOFF_WINDOWS * windowNanos;
        pace = justRaised ? paceBeforeRaise : Math.max(1, pace - 1);
        paceBeforeRaise = -1;
    }

    private void maybeRaise(long now) {
        long every = everSigned ? PROBE_BACKOFF_WINDOWS * windowNanos : windowNanos;
        if (pace >= maxConnects || now - holdUntil < 0 || now - lastRaiseAt < every) {
            return;
        }
        // the first raise is by one connect; while no sign ever showed, the next ones by a quarter
        int step = everSigned || paceBeforeRaise < 0 ? 1 : Math.max(1, pace / 4);
        paceBeforeRaise = pace;
        pace = Math.min(maxConnects, pace + step);
        lastRaiseAt = now;
    }

    /** A connect in flight: when it started, and whether it was already found late (a sign taken once). */
    private static final class InFlight {
        private final long start;
        private boolean late;

        InFlight(long start) {
            this.start = start;
        }
    }
}
