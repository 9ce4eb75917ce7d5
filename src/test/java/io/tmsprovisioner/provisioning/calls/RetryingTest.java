package io.tmsprovisioner.provisioning.calls;

import io.tmsprovisioner.tapis.CallEffect;
import io.tmsprovisioner.tapis.TapisUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls outside any row, such as the login before a run. */
class RetryingTest {
    private static final Duration LOST_CREATE_WAIT = Duration.ofSeconds(180);
    private final List<Duration> pauses = new ArrayList<>();
    private final Retrying retrying = new Retrying(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            LOST_CREATE_WAIT, Duration.ZERO), pauses::add, () -> 0.5, new RunEnding(), System::nanoTime);

    @Test
    void aCallThatFailsTransientlyIsRetriedUntilItAnswers() {
        AtomicInteger attempts = new AtomicInteger();

        retrying.retried(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new TapisUnavailableException("HTTP 503", null, 503, CallEffect.NONE, null);
            }
        });

        assertThat(attempts).hasValue(3);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void whenTheAttemptsRunOutTheLastFailureIsThrownAsItIs() {
        AtomicInteger attempts = new AtomicInteger();
        List<TapisUnavailableException> thrown = new ArrayList<>();

        assertThatThrownBy(() -> retrying.retried(() -> {
            attempts.incrementAndGet();
            TapisUnavailableException failure = new TapisUnavailableException("No answer " + attempts, null, 0, CallEffect.NONE, null);
            thrown.add(failure);
            throw failure;
        })).isSameAs(thrown.get(2)).hasMessage("No answer 3");

        assertThat(attempts).hasValue(3);
    }
}
