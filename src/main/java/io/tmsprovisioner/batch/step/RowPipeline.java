package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.calls.RowAbandonedException;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.provisioning.TryLaterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the rows of one step execution on {@code threads} worker threads, each row as soon as a thread is
 * free and the {@link RowScheduler} lets it start: a slow row delays only itself (and the later rows of
 * its own pair), never the rows of other threads. The step commits the finished rows in whatever order they
 * finished.
 *
 * <p>The thread that {@link #start starts} the pipeline and {@link #take takes} the finished rows (the step's
 * thread) owns the input, the scheduler and every field but {@link #events} and {@link #stopRequested}: while it
 * takes, it learns from the workers' events when a row finished, reads rows while fewer than {@code window} rows
 * are in the window (read and not yet committed) and starts those that may start. Rows that are never sent to Tapis
 * (REJECTED, DUPLICATE) are recorded by it at once. Other threads only post events to it; a stop request also
 * sets {@link #stopRequested}, read before every row is read or started.
 *
 * <p>A row whose Tapis calls were given up after transient failures on its first try ({@link TryLaterException})
 * is put off: it is tried once more, as its last try, when nothing else is in flight and no other row may start
 * (at the end of the input, or when put-off rows fill the window), and its pair's later rows wait for it.
 *
 * <p>A row whose work throws (Tapis is down, the token cannot be renewed, the repository failed) ends the
 * run: no row starts after it, the rows in flight may finish for up to {@code grace}, and the failure is
 * {@link #failure() reported}. A stop request ends it the same way without a failure. No thread is ever
 * interrupted: a thread interrupted in its I/O makes an H2 file database close itself.
 */
public final class RowPipeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RowPipeline.class);

    /** The rows to run, in file order; null at the end. */
    interface RowSource extends AutoCloseable {
        InputRow next();

        @Override
        void close();
    }

    /**
     * One row's work: told the outcome of its pair's previous row while that one is not committed, and whether
     * this is the row's last try in the run (else it may throw {@link TryLaterException} to be tried at the end).
     */
    interface RowWork {
        RowOutcome run(InputRow row, RowOutcome uncommittedPrevious, boolean lastTry);
    }

    /** What the taking thread learns from the others: posted by the workers, the stop request and the abort. */
    private sealed interface Event {
    }

    private record Finished(InputRow row, RowOutcome outcome) implements Event {
    }

    private record Failed(InputRow row, Throwable failure) implements Event {
    }

    /** The run is to end: a stop request (no cause), or an abort for its cause. */
    private record Ending(Throwable cause) implements Event {
    }

    private final RowSource source;
    private final RowWork work;
    private final int threads;
    private final int window;
    private final Duration grace;
    private final RowScheduler scheduler;
    private final ExecutorService workers;
    private final Runnable onStop;

    // shared with the other threads
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Set by {@link #requestStop()} on any thread; read by the taking thread before it reads or starts a row. */
    private volatile boolean stopRequested;

    // owned by the taking thread
    /** Outcomes of finished rows not taken yet, in the order the rows finished. */
    private final ArrayDeque<RowOutcome> finished = new ArrayDeque<>();
    /** Lines put off once: their next try is their last. */
    private final Set<Long> lastTries = new HashSet<>();
    private int inFlight;
    /** Rows read and not yet committed: at most {@code window}. */
    private long inWindow;
    private boolean inputDone;
    private long endBy = Long.MAX_VALUE;
    private boolean ended;
    private Throwable failure;

    /**
     * @param window rows in the window at most (read, not yet committed): bounds memory when rows wait for their pair or
     *               their system's cap
     * @param onStop called once when the run stops taking rows (a stop request or a failure): tells the rows in
     *               flight to give up retrying
     */
    public RowPipeline(RowSource source, RowWork work, int threads, int perSystem, int window, Duration grace,
                Runnable onStop) {
        this.source = source;
        this.work = work;
        this.threads = threads;
        this.window = Math.max(window, threads);
        this.grace = grace;
        this.onStop = onStop;
        this.scheduler = new RowScheduler(perSystem);
        AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> daemon(task, "provision-" + number.incrementAndGet()));
    }

    /** Reads and starts the first rows, on the thread that will {@link #take} them: before the step's first call. */
    void start() {
        advance(null);
    }

    /**
     * Runs the pipeline until a row finished, for up to {@code firstWait}, then for up to {@code linger} more for
     * others to join it, so that a commit carries many rows; returns at most {@code max} outcomes, in the order
     * their rows finished, sooner when {@code max} are there or the run ended. Empty when none came in time.
     */
    List<RowOutcome> take(int max, Duration firstWait, Duration linger) throws InterruptedException {
        runUntil(System.nanoTime() + firstWait.toNanos(), 1);
        if (!finished.isEmpty()) {
            runUntil(System.nanoTime() + linger.toNanos(), max);
        }
        List<RowOutcome> batch = new ArrayList<>(Math.min(max, finished.size()));
        while (batch.size() < max && !finished.isEmpty()) {
            batch.add(finished.pollFirst());
        }
        return batch;
    }

    /** Whether the run ended and every outcome has been taken. */
    boolean exhausted() {
        return ended && finished.isEmpty();
    }

    /** The step committed these outcomes: they no longer count against the window. */
    void committed(List<RowOutcome> outcomes) {
        inWindow -= outcomes.size();
        outcomes.forEach(scheduler::committed);
    }

    /** Take no new rows; let the rows in flight finish for up to the grace period. Any thread. */
    void requestStop() {
        if (!stopRequested) {
            stopRequested = true;
            events.add(new Ending(null));
        }
    }

    /**
     * Ends the run for {@code cause}, found outside the rows (the lease was lost): as a row's failure would. Any
     * thread.
     */
    public void abort(Throwable cause) {
        events.add(new Ending(cause));
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Why the run ended early; null when it did not fail. */
    Throwable failure() {
        return failure;
    }

    /**
     * Runs until {@code count} outcomes wait to be taken, the deadline passed or the run ended: handles the events
     * as they come, and after them reads and starts what may be.
     */
    private void runUntil(long deadline, int count) throws InterruptedException {
        Event event = null;
        while (!advance(event) && finished.size() < count) {
            long now = System.nanoTime();
            if (deadline - now <= 0) {
                return;
            }
            long wait = endBy == Long.MAX_VALUE ? deadline - now : Math.min(deadline - now, Math.max(0, endBy - now));
            event = events.poll(wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Handles the event, if any, and the others already posted; then starts and reads the rows that may be, and
     * ends the run once it is over. Says whether it is.
     */
    private boolean advance(Event event) {
        try {
            for (; event != null && !ended; event = events.poll()) {
                handle(event);
            }
            if (!ended) {
                if (taking()) {
                    startRows();
                    readRows();
                    retryPutOffRowsOnceNothingElseMoves();
                }
                if (ended()) {
                    end();
                }
            }
        } catch (Throwable unexpected) {
            fail(unexpected);
            end();
        }
        return ended;
    }

    /** Whether rows may still be read and started: checked before each, so none starts after a stop or failure. */
    private boolean taking() {
        return !stopRequested && failure == null;
    }

    private boolean ended() {
        if (stopRequested || failure != null) {
            if (inFlight > 0 && System.nanoTime() - endBy < 0) {
                return false;
            }
            if (inFlight > 0) {
                log.warn("{} row(s) still in flight as the run ends; leaving them unrecorded for the resumed run",
                        inFlight);
            }
            return true;
        }
        return inputDone && inFlight == 0 && scheduler.waiting() == 0;
    }

    private void end() {
        if (!ended) {
            ended = true;
            workers.shutdown(); // no interrupt: rows still in flight after the grace period finish on their own
            try {
                source.close();
            } catch (RuntimeException closing) {
                fail(closing);
            }
        }
    }

    private void readRows() {
        while (!inputDone && inWindow < window && taking()) {
            InputRow row = source.next();
            if (row == null) {
                inputDone = true;
                return;
            }
            inWindow++;
            if (row.verdict() == InputRow.Verdict.VALID) {
                scheduler.add(row);
                startRows();
            } else {
                finished.add(work.run(row, null, true)); // never sent to Tapis: nothing to wait for
            }
        }
    }

    private void startRows() {
        RowScheduler.Start start;
        while (taking() && inFlight < threads && (start = scheduler.next()) != null) {
            inFlight++;
            RowScheduler.Start row = start;
            boolean lastTry = lastTries.contains(row.row().lineNumber());
            workers.execute(() -> runRow(row, lastTry));
        }
    }

    /**
     * The rows put off are tried again at the end of the input, once nothing is in flight and no other row may
     * start (or sooner, when they fill the window so that nothing else can be read).
     */
    private void retryPutOffRowsOnceNothingElseMoves() {
        if (inFlight == 0 && scheduler.hasPutOff() && !scheduler.hasStartable() && (inputDone || inWindow >= window)) {
            List<Long> lines = scheduler.retryPutOff();
            log.info("Trying {} row(s) again whose Tapis calls failed transiently on their first try: line(s) {}",
                    lines.size(), lines.size() > 10 ? lines.subList(0, 10) + " ..." : lines);
            lastTries.addAll(lines);
            startRows();
        }
    }

    /** On a worker thread. */
    private void runRow(RowScheduler.Start start, boolean lastTry) {
        try {
            events.add(new Finished(start.row(), work.run(start.row(), start.uncommittedPrevious(), lastTry)));
        } catch (Throwable failed) {
            events.add(new Failed(start.row(), failed));
        }
    }

    private void handle(Event event) {
        if (event instanceof Finished done) {
            inFlight--;
            scheduler.finished(done.row(), done.outcome());
            finished.add(done.outcome());
        } else if (event instanceof Failed failed && failed.failure() instanceof TryLaterException) {
            inFlight--;
            scheduler.putOff(failed.row());
        } else if (event instanceof Failed failed) {
            inFlight--;
            scheduler.abandoned(failed.row());
            // a row may give up only because the run is ending; any other row that did not finish ends it
            if (!(failed.failure() instanceof RowAbandonedException && (stopRequested || failure != null))) {
                fail(failed.failure());
            }
        } else if (event instanceof Ending ending && ending.cause() != null) {
            fail(ending.cause());
        } else {
            endSoon();
        }
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            endSoon();
            if (cause instanceof ExecutionTakenOverException) {
                endBy = System.nanoTime(); // another run does these rows now: wait for none of ours
            }
        } else if (failure != cause) {
            failure.addSuppressed(cause);
        }
    }

    private void endSoon() {
        if (endBy == Long.MAX_VALUE) {
            endBy = System.nanoTime() + grace.toNanos();
            onStop.run();
        }
    }

    /** Ends the threads if the step ends before the pipeline did (the step failed while committing). */
    @Override
    public void close() {
        requestStop();
        // a step that failed outside the rows (its commit) leaves rows in flight: as on a stop, they are told to
        // give up retrying, and may finish for up to the grace period, so that none goes on after its step ended
        if (inFlight > 0) {
            endSoon();
        }
        end();
        try {
            workers.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true); // a row left running after the grace period must not keep the process alive
        return thread;
    }
}
