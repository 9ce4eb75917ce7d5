package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.batch.step.Progress;
import io.tmsprovisioner.provisioning.Outcome;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {
    private final StringWriter out = new StringWriter();
    private final AtomicLong now = new AtomicLong();

    private static Progress progress(long done) {
        return new Progress(done, 1000, 50, Map.of(Outcome.CREATED, done));
    }

    @Test
    void withoutATerminalItPrintsPlainLinesAtMostOncePerInterval() {
        ProgressLine line = new ProgressLine(new PrintWriter(out), false, Duration.ofSeconds(10), now::get);

        line.update(progress(100));
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        line.update(progress(300));
        now.addAndGet(Duration.ofSeconds(7).toNanos());
        line.update(progress(500));
        line.finish();

        assertThat(out.toString()).isEqualTo("""
                progress: 100/1000 rows (10%), 50 rows/s, ETA 0:18, CREATED=100
                progress: 500/1000 rows (50%), 50 rows/s, ETA 0:10, CREATED=500
                """);
        assertThat(out.toString()).doesNotContain("\r", "\u001B");
    }

    @Test
    void withoutATerminalTheLastStateIsPrintedAtTheEndWhenTheIntervalHeldItBack() {
        ProgressLine line = new ProgressLine(new PrintWriter(out), false, Duration.ofSeconds(10), now::get);

        line.update(progress(100));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        line.update(progress(300));
        line.update(progress(1000));
        line.finish();
        line.finish();

        assertThat(out.toString()).isEqualTo("""
                progress: 100/1000 rows (10%), 50 rows/s, ETA 0:18, CREATED=100
                progress: 1000/1000 rows (100%), 50 rows/s, ETA 0:00, CREATED=1000
                """);
    }

    @Test
    void onATerminalItRewritesOneLineAndEndsIt() {
        ProgressLine line = new ProgressLine(new PrintWriter(out), true, Duration.ofSeconds(10), now::get);

        line.update(progress(100));
        line.update(progress(200));
        line.finish();

        assertThat(out.toString()).isEqualTo("\r\u001B[K100/1000 rows (10%), 50 rows/s, ETA 0:18, CREATED=100"
                + "\r\u001B[K200/1000 rows (20%), 50 rows/s, ETA 0:16, CREATED=200" + System.lineSeparator());
    }

    @Test
    void anUnknownTotalHasNoPercentageNorEta() {
        assertThat(ProgressLine.describe(new Progress(42, 0, 7, Map.of())))
                .isEqualTo("42 rows, 7 rows/s");
        assertThat(ProgressLine.describe(new Progress(10, 100_000, 10, Map.of())))
                .contains("ETA 2:46:39");
    }
}
