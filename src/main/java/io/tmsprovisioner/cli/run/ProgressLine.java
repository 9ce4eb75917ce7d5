package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.batch.step.Progress;
import io.tmsprovisioner.batch.step.ProgressSink;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Shows a run's progress. On a terminal, one line rewritten in place; anywhere else (cron, CI, a pipe)
 * a plain line at most every {@code interval}, with no control characters, and the last state at the
 * end if it was not printed yet: a log then always ends with the run's final count.
 */
final class ProgressLine implements ProgressSink {
    private final PrintWriter out;
    private final boolean terminal;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastPrinted = Long.MIN_VALUE;
    private boolean lineOpen;
    private Progress unprinted;

    ProgressLine(PrintWriter out, boolean terminal, Duration interval, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** For the process's own stderr: in place when a person watches, else a line every 10 seconds. */
    static ProgressLine forConsole(PrintWriter err) {
        return new ProgressLine(err, System.console() != null, Duration.ofSeconds(10), System::nanoTime);
    }

    @Override
    public void update(Progress progress) {
        if (terminal) {
            out.print("\r\u001B[K" + describe(progress));
            lineOpen = true;
            out.flush();
            return;
        }
        long now = nanoTime.getAsLong();
        if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalNanos) {
            lastPrinted = now;
            printLine(progress);
        } else {
            unprinted = progress;
        }
    }

    private void printLine(Progress progress) {
        unprinted = null;
        out.println("progress: " + describe(progress));
        out.flush();
    }

    @Override
    public void finish() {
        if (unprinted != null) {
            printLine(unprinted);
        }
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }

    static String describe(Progress progress) {
        StringBuilder line = new StringBuilder();
        line.append(progress.done());
        if (progress.total() > 0) {
            line.append('/').append(progress.total()).append(" rows (")
                    .append(progress.done() * 100 / progress.total()).append("%)");
        } else {
            line.append(" rows");
        }
        line.append(String.format(", %.0f rows/s", progress.rowsPerSecond()));
        progress.eta().ifPresent(eta -> line.append(", ETA ").append(clock(eta)));
        if (!progress.counts().isEmpty()) {
            line.append(", ").append(progress.counts().entrySet().stream()
                    .map(count -> count.getKey() + "=" + count.getValue())
                    .collect(Collectors.joining(" ")));
        }
        return line.toString();
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600
                ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
