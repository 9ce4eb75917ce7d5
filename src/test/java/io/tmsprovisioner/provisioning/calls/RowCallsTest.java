package io.tmsprovisioner.provisioning.calls;

import io.tmsprovisioner.tapis.CallEffect;
import io.tmsprovisioner.tapis.TapisUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How long a row keeps trying a call: a burst of broken connections shorter than the patience fails no row,
 * whatever the count; tries that never reached Tapis use up no attempt while the patience lasts. Time passes
 * only in the pauses, on a fake clock.
 */
class RowCallsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final AtomicLong now = new AtomicLong();
    private final List<Duration> pauses = new ArrayList<>();
    private final Retrying retrying = new Retrying(new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(180), PATIENCE), pause -> {
        pauses.add(pause);
        now.addAndGet(pause.toNanos());
        return true;
    }, () -> 0.5, new RunEnding(), now::get);
    private final RowCalls calls = retrying.forRow(() -> true);

    private static TapisUnavailableException endOfStream() {
        return new TapisUnavailableException("No answer from Tapis to GET /v3/systems/credential: unexpected end of "
                + "stream", null, 0, CallEffect.MAY_STILL_TAKE_EFFECT, null);
    }

    private static TapisUnavailableException connectionRefused() {
        return new TapisUnavailableException("No answer from Tapis to GET /v3/systems/credential (not sent): "
                + "Connection refused", null, 0, CallEffect.NOT_SENT, null);
    }

    /** A call that fails {@code times} times with {@code failure}, then answers. */
    private static String failing(AtomicInteger tries, int times, TapisUnavailableException failure) {
        if (tries.incrementAndGet() <= times) {
            throw failure;
        }
        return "answer";
    }

    @Test
    void aBurstOfFailuresShorterThanThePatienceFailsNoCallAlthoughItOutlastsTheAttempts() {
        AtomicInteger tries = new AtomicInteger();

        String answer = calls.call(() -> failing(tries, 7, endOfStream()));

        assertThat(answer).isEqualTo("answer");
        assertThat(tries).as("five attempts were not enough: they took %s", pauses).hasValue(8);
        assertThat(Duration.ofNanos(now.get())).isLessThan(PATIENCE.multipliedBy(2));
    }

    @Test
    void aCallFailingForGoodIsGivenUpOnceItUsedItsAttemptsAndThePatience() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> calls.call(() -> failing(tries, Integer.MAX_VALUE, endOfStream())))
                .isInstanceOf(RowCalls.RetriesExhaustedException.class);

        Duration failedFor = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(failedFor).isGreaterThanOrEqualTo(PATIENCE)
                .as("given up at the first try after the patience").isLessThan(PATIENCE.plusSeconds(30));
        assertThat(tries.get()).isGreaterThan(5);
    }

    @Test
    void withoutPatienceACallIsGivenUpAfterItsAttempts() {
        RowCalls countOnly = new Retrying(new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(180), Duration.ZERO), pause -> true, () -> 0.5, new RunEnding(), now::get)
                .forRow(() -> true);
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> countOnly.call(() -> failing(tries, Integer.MAX_VALUE, endOfStream())))
                .isInstanceOf(RowCalls.RetriesExhaustedException.class);

        assertThat(tries).hasValue(5);
    }

    @Test
    void triesThatNeverReachedTapisUseUpNoAttemptWhileThePatienceLasts() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> calls.call(() -> failing(tries, Integer.MAX_VALUE, connectionRefused())))
                .isInstanceOf(RowCalls.RetriesExhaustedException.class);

        long triesWithinThePatience = 0;
        Duration elapsed = Duration.ZERO;
        for (Duration pause : pauses) {
            if (elapsed.compareTo(PATIENCE) >= 0) {
                break;
            }
            triesWithinThePatience++;
            elapsed = elapsed.plus(pause);
        }
        assertThat(tries.get()).as("the %d tries within the patience were not counted: five more came after it",
                triesWithinThePatience).isEqualTo(triesWithinThePatience + 5);
    }
}
