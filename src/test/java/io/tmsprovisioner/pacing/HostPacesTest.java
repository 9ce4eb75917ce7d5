package io.tmsprovisioner.pacing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Waiting for a host's pace, on a clock that the waits themselves move. */
class HostPacesTest {
    private long now = 5_000_000_000_000L;
    private final List<Duration> waits = new ArrayList<>();
    private final HostPaces paces = new HostPaces(PacingSettings.tapis(), () -> now);

    /** A wait that lets the time pass at once. */
    private boolean pass(Duration pause) {
        waits.add(pause);
        now += pause.toNanos();
        return true;
    }

    @Test
    void theNinthConnectToAHostWaitsTheRestOfTheWindowWhileAnotherHostGoesAtOnce() throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            paces.start("login.example.org", this::pass).connected(false);
        }

        HostPaces.Connect ninth = paces.start("login.example.org", this::pass);
        HostPaces.Connect other = paces.start("data.example.org", this::pass);

        assertThat(ninth).isNotNull();
        assertThat(other).isNotNull();
        assertThat(waits).containsExactly(Duration.ofMillis(4250));
    }

    @Test
    void systemsSharingAHostShareItsPaceAndTheFiguresNameTheHost() throws InterruptedException {
        paces.start("login.example.org", this::pass).connected(false);
        paces.start("login.example.org", this::pass).notConnected();

        assertThat(paces.figures()).extracting(HostFigures::host, HostFigures::connects)
                .containsExactly(tuple("login.example.org", 1L));
    }

    @Test
    void aWaitTheRunEndsGivesNoConnect() throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            paces.start("login.example.org", this::pass).connected(false);
        }

        assertThat(paces.start("login.example.org", pause -> false)).isNull();
    }
}
