package io.tmsprovisioner.batch.owner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A change goes out only on a lease renewed less than half the stale limit ago; a lost lease stays lost. */
class LeaseFenceTest {
    private static final Duration STALE_AFTER = Duration.ofSeconds(120);
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicBoolean stillOurs = new AtomicBoolean(true);
    private final LeaseFence fence = new LeaseFence(7, STALE_AFTER, now::get, () -> {
        renewals.incrementAndGet();
        return stillOurs.get();
    });

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aChangeOnALeaseRenewedWithinHalfTheStaleLimitCostsNoRenewal() {
        advance(Duration.ofSeconds(59));

        fence.beforeChange();

        assertThat(renewals).hasValue(0);
    }

    @Test
    void aChangeOnAnOlderLeaseRenewsItFirst() {
        advance(Duration.ofSeconds(60));

        fence.beforeChange();
        advance(Duration.ofSeconds(59));
        fence.beforeChange();

        assertThat(renewals).as("renewed once, then fresh again").hasValue(1);
    }

    @Test
    void anOwnerPausedPastTheStaleLimitFindsItsLeaseTakenOverBeforeItSends() {
        AtomicInteger told = new AtomicInteger();
        fence.whenLost(told::incrementAndGet);
        advance(Duration.ofMinutes(10)); // SIGSTOP; meanwhile another run took the execution over
        stillOurs.set(false);

        assertThatThrownBy(fence::beforeChange).isInstanceOf(ExecutionTakenOverException.class)
                .hasMessageContaining("execution 7");
        assertThatThrownBy(fence::beforeChange).as("lost for good, without asking again")
                .isInstanceOf(ExecutionTakenOverException.class);

        assertThat(renewals).hasValue(1);
        assertThat(told).as("the run was told once").hasValue(1);
        assertThat(fence.isLost()).isTrue();
    }

    @Test
    void aBeatThatFindsTheLeaseGoneFencesTheNextChangeAtOnce() {
        stillOurs.set(false);

        assertThatThrownBy(fence::renewNow).isInstanceOf(ExecutionTakenOverException.class);

        assertThatThrownBy(fence::beforeChange).as("though renewed a moment ago")
                .isInstanceOf(ExecutionTakenOverException.class);
    }

    @Test
    void aListenerAddedAfterTheLossIsToldAtOnce() {
        stillOurs.set(false);
        assertThatThrownBy(fence::renewNow).isInstanceOf(ExecutionTakenOverException.class);
        AtomicInteger told = new AtomicInteger();

        fence.whenLost(told::incrementAndGet);

        assertThat(told).hasValue(1);
    }

    @Test
    void aRowStillInFlightAfterItsExecutionEndedSendsNothing() {
        fence.release();

        assertThatThrownBy(fence::beforeChange).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Execution 7 has ended");
        assertThat(renewals).hasValue(0);
    }
}
