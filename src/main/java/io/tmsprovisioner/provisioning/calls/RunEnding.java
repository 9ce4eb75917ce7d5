package io.tmsprovisioner.provisioning.calls;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the rows of a run that it is ending (stopped, or failed for another row): a row that would wait
 * to retry a call gives up instead, and one already waiting stops waiting. No thread is interrupted for
 * it: an interrupt in the middle of a database write closes an H2 file database.
 */
public final class RunEnding {
    private final CountDownLatch raised = new CountDownLatch(1);

    public void raise() {
        raised.countDown();
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    /** Waits out the pause unless the signal is raised first; whether the pause ran its course. */
    public boolean pause(Duration pause) throws InterruptedException {
        return !raised.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }
}
