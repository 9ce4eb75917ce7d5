package io.tmsprovisioner.pacing;

import java.time.Duration;

/**
 * How the pacing starts and how far it may go.
 *
 * @param connects     SSH connects a host may start in one {@code window} at first: Systems' throttle admits 8
 * @param window       the throttle's window: 4 s in Systems
 * @param margin       added to the window, so that the starts Tapis sees, a little later and not evenly, stay in it
 * @param maxConnects  the most connects per window a host is ever paced at, however much room it shows
 * @param maxPending   connects in flight to one host at most: sshd drops new connections past 10 pending
 * @param hold         how long a host is not probed upward after it showed a sign of overload
 * @param writes       creates and removes in flight at first: Systems runs them one at a time
 * @param maxWrites    creates and removes in flight at most
 */
public record PacingSettings(int connects, Duration window, Duration margin, int maxConnects, int maxPending,
                             Duration hold, int writes, int maxWrites) {

    public PacingSettings {
        if (connects < 1 || maxConnects < connects || maxPending < 1 || writes < 1 || maxWrites < writes) {
            throw new IllegalArgumentException("pacing needs 1 <= connects <= maxConnects, maxPending >= 1 and "
                    + "1 <= writes <= maxWrites; got " + connects + ", " + maxConnects + ", " + maxPending + ", "
                    + writes + ", " + maxWrites);
        }
        if (window.isNegative() || window.isZero() || margin.isNegative() || hold.isNegative()) {
            throw new IllegalArgumentException("pacing needs a positive window and a margin and hold of at least 0");
        }
    }

    /** Systems' own numbers: 8 connects per host in 4 s (with 250 ms to spare), at most 8 pending, 2 writes at first. */
    public static PacingSettings tapis() {
        return new PacingSettings(8, Duration.ofSeconds(4), Duration.ofMillis(250), 32, 8, Duration.ofSeconds(60), 2,
                4);
    }

    /** The window the pace is kept in: Systems' and the margin. */
    Duration pacedWindow() {
        return window.plus(margin);
    }

    /**
     * How much longer than a host's usual connect a connect must take to have slept in the throttle: half the
     * window (the throttle sleeps at least the window).
     */
    Duration slowBy() {
        return window.dividedBy(2);
    }
}
