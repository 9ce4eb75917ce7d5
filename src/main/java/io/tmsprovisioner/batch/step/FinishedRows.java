package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.provisioning.RowOutcome;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of rows that finished and are not committed yet, handed from the workers to the thread
 * that commits them, in the order they finished.
 */
final class FinishedRows {
    private final ArrayDeque<RowOutcome> outcomes = new ArrayDeque<>();
    private boolean ended;

    synchronized void add(RowOutcome outcome) {
        outcomes.addLast(outcome);
        notifyAll();
    }

    /** No outcome will be added any more. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Whether every outcome has been taken and none will come. */
    synchronized boolean exhausted() {
        return ended && outcomes.isEmpty();
    }

    /**
     * Waits up to {@code firstWait} for an outcome, then up to {@code linger} more for others to join it,
     * so that a commit carries many rows; returns at most {@code max}, sooner when {@code max} are there or
     * no more will come. Empty when none came in time.
     */
    synchronized List<RowOutcome> take(int max, Duration firstWait, Duration linger) throws InterruptedException {
        awaitUntil(System.nanoTime() + firstWait.toNanos(), 1);
        if (!outcomes.isEmpty()) {
            awaitUntil(System.nanoTime() + linger.toNanos(), max);
        }
        List<RowOutcome> batch = new ArrayList<>(Math.min(max, outcomes.size()));
        while (batch.size() < max && !outcomes.isEmpty()) {
            batch.add(outcomes.pollFirst());
        }
        return batch;
    }

    private void awaitUntil(long deadline, int count) throws InterruptedException {
        long left;
        while (outcomes.size() < count && !ended && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
