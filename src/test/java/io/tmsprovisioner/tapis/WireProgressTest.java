package io.tmsprovisioner.tapis;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed request's events say about whether it reached Tapis. */
class WireProgressTest {
    private final WireProgress progress = new WireProgress();

    @Test
    void aRequestThatFailedBeforeItsHeadersWereWrittenWasNotSent() {
        progress.connectStart(null, null, null);

        assertThat(progress.notSent()).isTrue();
        assertThat(progress.failedOnPooledConnection()).as("it failed connecting").isFalse();
    }

    @Test
    void aRequestWhoseWritingFailedWasNotSent() {
        progress.requestHeadersStart(null);
        progress.requestFailed(null, new IOException("Broken pipe"));

        assertThat(progress.notSent()).isTrue();
        assertThat(progress.failedOnPooledConnection()).as("no connect: the pool's").isTrue();
    }

    @Test
    void aRequestWrittenWholeWasSent() {
        progress.connectStart(null, null, null);
        progress.requestHeadersStart(null);

        assertThat(progress.notSent()).isFalse();
        assertThat(progress.failedOnPooledConnection()).isFalse();
    }

    @Test
    void anAnswerThatStartedWasNoClosedConnection() {
        progress.requestHeadersStart(null);
        progress.responseHeadersStart(null);

        assertThat(progress.failedOnPooledConnection()).isFalse();
    }
}
