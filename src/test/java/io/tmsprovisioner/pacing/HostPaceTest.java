package io.tmsprovisioner.pacing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The pace of one host's connects, on a clock the test moves: Systems' numbers, 8 connects in 4 s (+ 250 ms). */
class HostPaceTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    /** The paced window: Systems' 4 s and the margin. */
    private static final long WINDOW = 4 * S + 250 * MS;
    private static final long T0 = 1_000 * S;

    private final HostPace pace = new HostPace(PacingSettings.tapis());
    private long tickets;

    /** Starts a connect at {@code now}; its ticket, or -(wait) when it must wait. */
    private long start(long now) {
        long ticket = ++tickets;
        long wait = pace.tryStart(ticket, now);
        return wait == 0 ? ticket : -wait;
    }

    /** {@code count} connects that start at {@code now} and answer {@code took} later. */
    private long connectsThatTook(int count, long now, long took) {
        for (int i = 0; i < count; i++) {
            long ticket = start(now);
            assertThat(ticket).as("connect %d at %d ms", i, (now - T0) / MS).isPositive();
            pace.connected(ticket, now + took, false);
        }
        return now + took;
    }

    /** One more connect asked for at {@code now}: it waits, or starts (after a raise) and answers at once. */
    private void oneMore(long now) {
        long ticket = start(now);
        if (ticket > 0) {
            pace.connected(ticket, now + 270 * MS, false);
        }
    }

    @Test
    void eightConnectsStartAtOnceAndTheNinthWaitsForTheFirstToLeaveTheWindow() {
        connectsThatTook(8, T0, 270 * MS);

        assertThat(start(T0 + S)).isEqualTo(-(WINDOW - S));
        assertThat(start(T0 + WINDOW)).as("the window has room again").isPositive();
    }

    @Test
    void aCheckThatFoundNothingStoredGivesItsStartBack() {
        connectsThatTook(7, T0, 270 * MS);
        long missing = start(T0);
        pace.notConnected(missing);

        assertThat(start(T0 + 10 * MS)).as("the 8th start is free again").isPositive();
        assertThat(pace.figures("h").connects()).isEqualTo(8);
    }

    @Test
    void aConnectWithoutAnAnswerKeepsItsStart() {
        connectsThatTook(7, T0, 270 * MS);
        pace.unknown(start(T0));

        assertThat(start(T0 + 10 * MS)).as("Tapis may have connected: the start still counts").isNegative();
    }

    @Test
    void connectsInFlightAreCappedBelowSshdsMaxStartups() {
        HostPace capped = new HostPace(new PacingSettings(8, Duration.ofSeconds(4), Duration.ZERO, 32, 2,
                Duration.ofSeconds(60), 2, 4));

        assertThat(capped.tryStart(1, T0)).isZero();
        assertThat(capped.tryStart(2, T0)).isZero();
        assertThat(capped.tryStart(3, T0)).as("two pending: ask again shortly").isEqualTo(100 * MS);
        capped.connected(1, T0 + 270 * MS, false);
        assertThat(capped.tryStart(3, T0 + 270 * MS)).isZero();
    }

    @Test
    void aConnectThatSleptInTheThrottleTakesThePaceOneDownAndHoldsItThere() {
        long now = connectsThatTook(8, T0, 270 * MS);
        long throttled = start(T0 + WINDOW);

        pace.connected(throttled, T0 + WINDOW + 6 * S, false);

        assertThat(pace.pace()).isEqualTo(7);
        assertThat(pace.figures("h").slow()).isEqualTo(1);
        // full windows for the next minute do not raise it
        for (long at = T0 + WINDOW + 6 * S; at < T0 + WINDOW + 66 * S; at += WINDOW + 20 * MS) {
            connectsThatTook(7, at, 270 * MS);
            oneMore(at + 10 * MS);
        }
        assertThat(pace.pace()).isEqualTo(7);
        assertThat(now).isPositive();
    }

    @Test
    void aConnectStillInFlightThatIsAlreadyLateIsNoticedBeforeItEnds() {
        connectsThatTook(7, T0, 270 * MS);
        start(T0); // the 8th: it sleeps in the throttle

        start(T0 + 2_500 * MS); // 2.5 s later: later than 270 ms + 2 s

        assertThat(pace.pace()).isEqualTo(7);
        assertThat(pace.figures("h").slow()).isEqualTo(1);
    }

    @Test
    void whileTheHostNeverShowedASignAFullWindowRaisesThePaceOnceAWindowByOneThenByAQuarter() {
        long at = T0;
        for (int window = 0; window < 4; window++, at += WINDOW + 20 * MS) {
            connectsThatTook(pace.pace(), at, 270 * MS);
            oneMore(at + 10 * MS); // saturated: one more asks
        }

        assertThat(pace.pace()).as("8 for a window, then 9, 11 and 13: a tenant may run several Systems processes")
                .isEqualTo(13);
    }

    @Test
    void aSignRightAfterARaiseGoesBackToThePaceBeforeIt() {
        long at = T0;
        connectsThatTook(8, at, 270 * MS);
        oneMore(at + 10 * MS);
        at += WINDOW + 20 * MS;
        connectsThatTook(8, at, 270 * MS);
        long ninth = start(at + 10 * MS); // raised to 9: the ninth starts, and sleeps in the throttle
        assertThat(pace.pace()).isEqualTo(9);

        pace.connected(ninth, at + 5 * S, false);

        assertThat(pace.pace()).as("the ceiling was found: 8").isEqualTo(8);
    }

    @Test
    void afterASignThePaceIsProbedOnlyEveryThreeWindowsOnceTheHoldIsOver() {
        connectsThatTook(8, T0, 270 * MS);
        pace.connected(start(T0 + WINDOW), T0 + WINDOW + 6 * S, false); // 8 -> 7, hold 60 s
        long at = T0 + 70 * S;
        int raises = 0;
        for (int window = 0; window < 6; window++, at += WINDOW + 20 * MS) {
            int before = pace.pace();
            connectsThatTook(before, at, 270 * MS);
            oneMore(at + 10 * MS);
            raises += pace.pace() > before ? 1 : 0;
        }

        assertThat(raises).isEqualTo(2);
    }

    @Test
    void thePaceNeverGoesAboveTheCeiling() {
        HostPace low = new HostPace(new PacingSettings(8, Duration.ofSeconds(4), Duration.ofMillis(250), 9, 8,
                Duration.ofSeconds(60), 2, 4));
        long ticket = 0;
        for (long at = T0; at < T0 + 10 * WINDOW; at += WINDOW) {
            for (int i = 0; i < 12; i++) {
                long id = ++ticket;
                if (low.tryStart(id, at) == 0) {
                    low.connected(id, at + 270 * MS, false);
                }
            }
        }

        assertThat(low.pace()).isEqualTo(9);
    }

    @Test
    void aBurstOfUnreachableAnswersBacksTheHostOff() {
        for (int i = 0; i < 3; i++) {
            pace.connected(start(T0 + i * S), T0 + i * S + 300 * MS, true);
        }

        assertThat(pace.pace()).as("sshd dropping connections under load, or the host going down").isEqualTo(7);
    }

    @Test
    void figuresCountConnectsAndTellTheAnswerTimes() {
        for (int i = 0; i < 19; i++) {
            pace.connected(start(T0 + i * WINDOW), T0 + i * WINDOW + 300 * MS, false);
        }
        pace.connected(start(T0 + 19 * WINDOW), T0 + 19 * WINDOW + 900 * MS, false);

        HostFigures figures = pace.figures("login.example.org");

        assertThat(figures.connects()).isEqualTo(20);
        assertThat(figures.slow()).isZero();
        assertThat(figures.pace()).isEqualTo(8);
        assertThat(figures.window()).isEqualTo(Duration.ofSeconds(4));
        assertThat(figures.median().toMillis()).isBetween(300L, 315L);
        assertThat(figures.p95().toMillis()).isBetween(300L, 315L);
    }
}
