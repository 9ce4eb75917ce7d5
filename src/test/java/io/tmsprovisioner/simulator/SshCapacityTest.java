package io.tmsprovisioner.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The capacity limits of Systems' verify step, each on its own (contract page, "The service's capacity"): the
 * per-host SSH connect throttle and sshd's MaxStartups. Time is a fake clock, so nothing here waits.
 */
class SshCapacityTest {

    private static final ConnectThrottle.Settings EIGHT_IN_FOUR_SECONDS = ConnectThrottle.TAPIS;

    private final AtomicLong nanos = new AtomicLong();

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private ConnectThrottle throttle(long seed) {
        ConnectThrottle throttle = new ConnectThrottle(nanos::get, seed);
        throttle.set(EIGHT_IN_FOUR_SECONDS);
        return throttle;
    }

    @Test
    void theThrottleLetsEightConnectsAHostThroughIn4SecondsAndDelaysTheNinthBy4To12Seconds() {
        ConnectThrottle throttle = throttle(1);
        for (int i = 0; i < 8; i++) {
            assertThat(throttle.delay("stampede3.example.org")).as("connect " + (i + 1)).isZero();
            advance(Duration.ofMillis(400));
        }

        Duration ninth = throttle.delay("stampede3.example.org");

        assertThat(ninth).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        assertThat(throttle.delay("vista.example.org")).as("another host has its own window").isZero();
    }

    @Test
    void twoSystemsProcessesEachKeepTheirOwnWindowAndTakeConnectsAtRandom() {
        ConnectThrottle throttle = throttle(1);
        throttle.setProcesses(2);

        int admitted = 0;
        while (throttle.delay("h").isZero()) {
            admitted++;
        }

        assertThat(admitted).as("at least one process's window is full after 8 of its own, at most both after 16")
                .isBetween(8, 15);
        int moreAdmitted = 0;
        for (int i = 0; i < 40; i++) {
            moreAdmitted += throttle.delay("h").isZero() ? 1 : 0;
        }
        assertThat(admitted + moreAdmitted).as("16 in all, 8 a process").isEqualTo(16);
    }

    @Test
    void theWindowSlidesAndADelayedConnectIsNotRecordedInIt() {
        ConnectThrottle throttle = throttle(1);
        for (int i = 0; i < 8; i++) {
            throttle.delay("h");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.delay("h")).as("delayed, not recorded").isPositive();
        }

        advance(Duration.ofMillis(4001));

        for (int i = 0; i < 8; i++) {
            assertThat(throttle.delay("h")).as("the first eight left the window; the delayed ones never entered it")
                    .isZero();
        }
        assertThat(throttle.delay("h")).isPositive();
    }

    @Test
    void theDelaysAreUniformAndFollowTheSeed() {
        List<Duration> first = delaysBeyondTheWindow(throttle(5));
        List<Duration> again = delaysBeyondTheWindow(throttle(5));

        assertThat(again).isEqualTo(first);
        double meanSeconds = first.stream().mapToLong(Duration::toMillis).average().orElseThrow() / 1000;
        assertThat(meanSeconds).as("uniform over 4..12 s").isBetween(7.5, 8.5);
        assertThat(first).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12)));
    }

    private static List<Duration> delaysBeyondTheWindow(ConnectThrottle throttle) {
        for (int i = 0; i < 8; i++) {
            throttle.delay("h");
        }
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            delays.add(throttle.delay("h"));
        }
        return delays;
    }

    @Test
    void offByDefaultAndOffAgainWhenUnset() {
        ConnectThrottle throttle = new ConnectThrottle(nanos::get, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.delay("h")).isZero();
        }
        throttle.set(EIGHT_IN_FOUR_SECONDS);
        throttle.set(null);

        assertThat(throttle.delay("h")).isZero();
    }

    @Test
    void refusesNonsenseThrottleSettings() {
        assertThatThrownBy(() -> new ConnectThrottle.Settings(0, Duration.ofSeconds(4), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectThrottle.Settings(8, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectThrottle.Settings(8, Duration.ofSeconds(4), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxStartupsDropsNothingBelowTenPendingThenMoreAndMoreUpToAll() {
        MaxStartups sshd = new MaxStartups(1);
        sshd.setOn(true);
        List<MaxStartups.Pending> pending = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pending.add(sshd.connect("h"));
        }
        assertThat(pending).doesNotContainNull();

        int dropped = 0;
        for (int i = 0; i < 1000; i++) {
            MaxStartups.Pending eleventh = sshd.connect("h");
            if (eleventh == null) {
                dropped++;
            } else {
                eleventh.close();
            }
        }
        while (pending.size() < 100) {
            MaxStartups.Pending more = sshd.connect("h");
            if (more != null) {
                pending.add(more);
            }
        }

        assertThat(dropped).as("about 30%% with 10 others pending").isBetween(250, 350);
        assertThat(sshd.connect("h")).as("100 others pending").isNull();
        assertThat(sshd.connect("other-host")).as("counted per host").isNotNull();
    }

    @Test
    void maxStartupsCountsPendingConnectionsWhenOffButDropsNone() {
        MaxStartups sshd = new MaxStartups(1);
        MaxStartups.Pending last = null;
        for (int i = 0; i < 150; i++) {
            last = sshd.connect("h");
            assertThat(last).isNotNull();
        }

        assertThat(last.pendingWithIt()).isEqualTo(150);
        last.close();
        assertThat(sshd.connect("h").pendingWithIt()).isEqualTo(150);
    }
}
