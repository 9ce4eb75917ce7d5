package io.tmsprovisioner.pacing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How many creates and removes are in flight, on a clock the test moves. */
class WritePaceTest {
    private static final long MS = 1_000_000L;

    private long now = 1_000_000 * MS;
    private final WritePace writes = new WritePace(PacingSettings.tapis(), () -> now);

    private WritePace.Write startNow() throws InterruptedException {
        return writes.start(pause -> false);
    }

    @Test
    void twoWritesGoAtFirstAndAThirdWaitsForOneToEnd() throws InterruptedException {
        WritePace.Write first = startNow();
        WritePace.Write second = startNow();
        List<Duration> waits = new ArrayList<>();

        WritePace.Write third = writes.start(pause -> {
            waits.add(pause);
            first.ended();
            return true;
        });

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(third).as("started once the first ended").isNotNull();
        assertThat(waits).hasSize(1);
        assertThat(startNow()).as("two in flight again").isNull();
    }

    @Test
    void quickWritesLetOneMoreGoUpToTheCeiling() throws InterruptedException {
        quickWrites(40);

        assertThat(writes.limit()).isEqualTo(PacingSettings.tapis().maxWrites());
    }

    @Test
    void aWriteThatQueuedInsideTapisLetsOneFewerGo() throws InterruptedException {
        quickWrites(12);
        int before = writes.limit();

        WritePace.Write queued = startNow();
        now += 200 * MS; // more than twice the quickest (20 ms) and 50 ms
        queued.ended();

        assertThat(writes.limit()).isEqualTo(before - 1);
    }

    @Test
    void theRunEndingCutsTheWaitShort() throws InterruptedException {
        startNow();
        startNow();

        assertThat(writes.start(pause -> false)).isNull();
    }

    /** {@code count} writes one after the other, each answered in 20 ms. */
    private void quickWrites(int count) throws InterruptedException {
        for (int write = 0; write < count; write++) {
            WritePace.Write started = startNow();
            now += 20 * MS;
            started.ended();
        }
    }
}
