package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The finished rows the step takes from the pipeline to commit them. A take that must not wait is given
 * waits of a minute and must return within {@link #PATIENCE}; a take that must wait is given the shortest wait
 * that can be measured; a row added while a take waits is added once the taker is seen waiting.
 */
class RowPipelineTakeTest {
    private static final Duration LONG = Duration.ofMinutes(1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(20);

    private final Rows rows = new Rows();
    private final List<Thread> takers = new ArrayList<>();

    @AfterEach
    void endTheTakers() throws InterruptedException {
        rows.end();
        takers.forEach(Thread::interrupt);
        for (Thread taker : takers) {
            taker.join(PATIENCE.toMillis());
        }
        rows.close();
    }

    /**
     * A pipeline of rows that finish when the test says so: one worker thread, so one row in flight at a time,
     * and the rows finish in the order the test {@link #add adds} their outcomes. The rows come from an input of
     * {@link #ROWS}; {@link #end} ends it early: the row in flight then fails, which ends the run. The pipeline
     * is driven by whichever thread takes, one at a time (the test's or a taker), as the step's thread drives it.
     */
    private static final class Rows {
        private static final int ROWS = 100;
        private static final Object END = new Object();

        private final BlockingQueue<Object> finishing = new LinkedBlockingQueue<>();
        private final RowPipeline pipeline;

        Rows() {
            Iterator<InputRow> input = LongStream.rangeClosed(2, ROWS + 1)
                    .mapToObj(line -> InputRow.valid(line, "user" + line, "stampede3", Action.ESTABLISH)).iterator();
            pipeline = new RowPipeline(new RowPipeline.RowSource() {
                @Override
                public InputRow next() {
                    return input.hasNext() ? input.next() : null;
                }

                @Override
                public void close() {
                }
            }, (row, previous, lastTry) -> {
                Object next;
                try {
                    next = finishing.take();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (next == END) {
                    throw new IllegalStateException("the input ends here");
                }
                return (RowOutcome) next;
            }, 1, 1, ROWS, LONG, () -> { });
            pipeline.start();
        }

        /** A row finishes with this outcome: rows finish one by one, in the order their outcomes are added. */
        void add(RowOutcome outcome) {
            finishing.add(outcome);
        }

        /** No outcome is added any more. */
        void end() {
            finishing.add(END);
        }

        boolean exhausted() {
            return pipeline.exhausted();
        }

        List<RowOutcome> take(int max, Duration firstWait, Duration linger) throws InterruptedException {
            return pipeline.take(max, firstWait, linger);
        }

        void close() {
            finishing.add(END); // the worker, if it waits
            pipeline.close();
        }
    }

    @Test
    void outcomesAreTakenInTheOrderTheRowsFinished() throws Exception {
        // given
        rows.add(outcome(7));
        rows.add(outcome(2));
        rows.add(outcome(5));
        rows.end();

        // when
        List<RowOutcome> taken = take(10, LONG, LONG);

        // then
        assertThat(lines(taken)).containsExactly(7L, 2L, 5L);
    }

    @Test
    void aTakeReturnsAtOnceAtMostMaxAndLeavesTheRestInOrderForTheNextTakes() throws Exception {
        // given: more finished rows than one take carries, more to come
        for (long line = 1; line <= 5; line++) {
            rows.add(outcome(line));
        }

        // when / then: a full batch does not wait out its linger
        assertThat(lines(take(2, LONG, LONG))).containsExactly(1L, 2L);
        assertThat(lines(take(2, LONG, LONG))).containsExactly(3L, 4L);
        rows.end();
        assertThat(lines(take(2, LONG, LONG))).containsExactly(5L);
    }

    @Test
    void onceNoMoreWillComeATakeReturnsWhatThereIsWithoutLingering() throws Exception {
        // given
        rows.add(outcome(1));
        rows.end();

        // when
        List<RowOutcome> taken = take(10, LONG, LONG);

        // then
        assertThat(lines(taken)).containsExactly(1L);
        assertThat(rows.exhausted()).isTrue();
    }

    @Test
    void onceEndedAndEmptyATakeReturnsNothingWithoutWaiting() throws Exception {
        // given
        rows.end();

        // when
        List<RowOutcome> taken = take(10, LONG, LONG);

        // then
        assertThat(taken).isEmpty();
        assertThat(rows.exhausted()).isTrue();
    }

    @Test
    void exhaustedOnlyOnceEndedAndEveryOutcomeTaken() throws Exception {
        // given / when / then
        assertThat(rows.exhausted()).as("empty, more may come").isFalse();
        rows.add(outcome(1));
        rows.end();
        assertThat(rows.exhausted()).as("ended, one not taken").isFalse();
        take(10, LONG, LONG);
        assertThat(rows.exhausted()).as("ended, all taken").isTrue();
    }

    @Test
    void withNoRowFinishedATakeWaitsTheFirstWaitThenReturnsNothing() throws Exception {
        // given: no row finished, more to come

        // when
        long start = System.nanoTime();
        List<RowOutcome> taken = take(10, SHORT, LONG);

        // then
        assertThat(taken).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        assertThat(rows.exhausted()).isFalse();
    }

    @Test
    void aRowFinishedDuringTheFirstWaitEndsIt() throws Exception {
        // given: a take of one row waiting for a first row
        CompletableFuture<List<RowOutcome>> taking = takeOnAnotherThread(1, LONG, LONG);
        awaitWaitingInTake();

        // when
        rows.add(outcome(3));

        // then
        assertThat(lines(taking.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))).containsExactly(3L);
    }

    @Test
    void aTakeLingersAfterTheFirstRowForOthersToJoinIt() throws Exception {
        // given: one finished row, and a take of up to three lingering after it
        rows.add(outcome(1));
        CompletableFuture<List<RowOutcome>> taking = takeOnAnotherThread(3, LONG, LONG);
        awaitWaitingInTake();

        // when: two more rows finish while it lingers
        rows.add(outcome(2));
        rows.add(outcome(3));

        // then: they join the first in the same batch
        assertThat(lines(taking.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theLingerIsBoundedSoFewerRowsThanMaxAreTakenOnceItPasses() throws Exception {
        // given: one finished row, more to come
        rows.add(outcome(1));

        // when
        long start = System.nanoTime();
        List<RowOutcome> taken = take(10, LONG, SHORT);

        // then: it waited out the linger, not the first wait
        assertThat(lines(taken)).containsExactly(1L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT);
        assertThat(rows.exhausted()).isFalse();
    }

    @Test
    void aTakerInterruptedWhileItWaitsIsTold() {
        // given: no row finished, more to come, and the taker interrupted
        Thread.currentThread().interrupt();

        // when / then
        try {
            assertThatThrownBy(() -> rows.take(10, LONG, LONG)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    // --- helpers

    private static RowOutcome outcome(long line) {
        return new RowOutcome(line, "user" + line, "stampede3", Action.ESTABLISH, Outcome.CREATED, null, null, null, 1,
                5, Instant.EPOCH);
    }

    private static List<Long> lines(List<RowOutcome> outcomes) {
        return outcomes.stream().map(RowOutcome::lineNumber).toList();
    }

    /** Takes on another thread, so that a take that would wait out a minute fails the test within its patience. */
    private List<RowOutcome> take(int max, Duration firstWait, Duration linger) throws Exception {
        return takeOnAnotherThread(max, firstWait, linger).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<List<RowOutcome>> takeOnAnotherThread(int max, Duration firstWait, Duration linger) {
        CompletableFuture<List<RowOutcome>> taken = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                taken.complete(rows.take(max, firstWait, linger));
            } catch (Throwable failure) {
                taken.completeExceptionally(failure);
            }
        }, "taker");
        takers.add(taker);
        taker.start();
        return taken;
    }

    /** Waits until the latest taker waits inside {@link RowPipeline#take}, polling its state: no guessed time. */
    private void awaitWaitingInTake() {
        Thread taker = takers.get(takers.size() - 1);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!(taker.getState() == Thread.State.TIMED_WAITING && Arrays.stream(taker.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(RowPipeline.class.getName())
                        && frame.getMethodName().equals("take")))) {
            if (!taker.isAlive() || System.nanoTime() > deadline) {
                fail("the taker is not waiting in take: " + taker.getState() + " in "
                        + Arrays.toString(taker.getStackTrace()));
            }
            Thread.yield();
        }
    }
}
