package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.step.Progress;
import io.tmsprovisioner.batch.step.ProgressSink;
import java.time.Duration;

/** The job's progress sink in tests: lets a test wait until a number of rows are committed, without sleeping. */
class CommitWatch implements ProgressSink {
    private long committed;

    @Override
    public synchronized void update(Progress progress) {
        committed = progress.done();
        notifyAll();
    }

    synchronized void reset() {
        committed = 0;
    }

    /** Waits until at least {@code rows} rows of the job instance are committed; false if that took too long. */
    synchronized boolean awaitCommitted(long rows, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long left;
        while (committed < rows && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return committed >= rows;
    }
}
