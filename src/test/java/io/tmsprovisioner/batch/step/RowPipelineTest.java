package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.provisioning.TryLaterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's threads: rows finish in any order, a slow row holds back nobody else's, a failure or a
 * stop ends the run after the rows in flight. Rows block on latches the test opens: no sleeping.
 */
class RowPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Rows that block until their latch opens, and the order they started in. */
    private final Map<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<Long, RuntimeException> failures = new ConcurrentHashMap<>();
    private final List<Long> started = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger read = new AtomicInteger();
    /** What happens as a line is read, before the pipeline has it. */
    private final Map<Long, Runnable> whenRead = new ConcurrentHashMap<>();
    private final CountDownLatch twoStarted = new CountDownLatch(2);
    /** Lines whose first try gives up on transient failures, and the lines tried as their last try. */
    private final Set<Long> putOffFirst = ConcurrentHashMap.newKeySet();
    private final List<Long> lastTries = java.util.Collections.synchronizedList(new ArrayList<>());
    private RowPipeline pipeline;

    @AfterEach
    void close() {
        gates.values().forEach(CountDownLatch::countDown);
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private RowPipeline pipeline(List<InputRow> rows, int threads, int perSystem, int window) {
        Iterator<InputRow> source = rows.iterator();
        pipeline = new RowPipeline(new RowPipeline.RowSource() {
            @Override
            public InputRow next() {
                if (!source.hasNext()) {
                    return null;
                }
                read.incrementAndGet();
                InputRow row = source.next();
                whenRead.getOrDefault(row.lineNumber(), () -> { }).run();
                return row;
            }

            @Override
            public void close() {
            }
        }, (row, previous, lastTry) -> {
            started.add(row.lineNumber());
            twoStarted.countDown();
            CountDownLatch gate = gates.get(row.lineNumber());
            try {
                if (gate != null && !gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened line " + row.lineNumber());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RuntimeException failure = failures.get(row.lineNumber());
            if (failure != null) {
                throw failure;
            }
            if (lastTry) {
                lastTries.add(row.lineNumber());
            } else if (putOffFirst.contains(row.lineNumber())) {
                throw new TryLaterException("Tapis unavailable, 5 attempts");
            }
            return outcome(row);
        }, threads, perSystem, window, Duration.ofSeconds(5), ended::incrementAndGet);
        pipeline.start();
        return pipeline;
    }

    private static List<InputRow> rows(long count, String system) {
        return LongStream.rangeClosed(2, count + 1)
                .mapToObj(line -> InputRow.valid(line, "user" + line, system, Action.ESTABLISH)).toList();
    }

    private static RowOutcome outcome(InputRow row) {
        return new RowOutcome(row.lineNumber(), row.username(), row.systemId(), row.action(), Outcome.ALREADY_PRESENT,
                null, null, "ok", 1, 1, Instant.EPOCH);
    }

    private static CountDownLatch gate(Map<Long, CountDownLatch> gates, long line) {
        return gates.computeIfAbsent(line, l -> new CountDownLatch(1));
    }

    /** Takes finished rows until {@code count} have come, committing each batch. */
    private List<Long> takeCommitting(int count) throws InterruptedException {
        List<Long> lines = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines.size() < count && System.nanoTime() < deadline) {
            List<RowOutcome> batch = pipeline.take(100, Duration.ofMillis(100), Duration.ZERO);
            batch.forEach(row -> lines.add(row.lineNumber()));
            pipeline.committed(batch);
        }
        return lines;
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!pipeline.exhausted() && System.nanoTime() < deadline) {
            pipeline.committed(pipeline.take(100, Duration.ofMillis(100), Duration.ZERO));
        }
        assertThat(pipeline.exhausted()).as("the pipeline ended").isTrue();
    }

    @Test
    void aSlowRowHoldsBackNoOtherRow() throws Exception {
        // given: the first row blocks until the test lets it go
        gate(gates, 2);
        pipeline(rows(40, "stampede3"), 4, 4, 64);

        // when: the other 39 rows finish and are committed
        List<Long> others = takeCommitting(39);

        // then: all of them, while the first is still running; and then it too
        assertThat(others).hasSize(39).doesNotContain(2L);
        gates.get(2L).countDown();
        assertThat(takeCommitting(1)).containsExactly(2L);
        drain();
        assertThat(pipeline.failure()).isNull();
    }

    @Test
    void aRowPutOffIsTriedOnceMoreAfterEveryOtherRowAndItsPairWaitsForIt() throws Exception {
        // given: line 2's first try gives up on transient failures; line 22 is the same user and system
        putOffFirst.add(2L);
        List<InputRow> rows = new ArrayList<>(rows(20, "stampede3"));
        rows.add(InputRow.valid(22, "user2", "stampede3", Action.ESTABLISH));
        pipeline(rows, 2, 2, 64);

        // when
        List<Long> committed = takeCommitting(21);
        drain();

        // then: line 2 is recorded once, from its second try, which came after every row of other pairs
        assertThat(pipeline.failure()).isNull();
        assertThat(committed).hasSize(21).containsOnlyOnce(2L).contains(22L);
        assertThat(lastTries).as("only line 2's second try was a last try").containsExactly(2L);
        int secondTry = started.lastIndexOf(2L);
        assertThat(started.indexOf(2L)).isLessThan(secondTry);
        assertThat(started.subList(0, secondTry)).containsAll(LongStream.rangeClosed(3, 21).boxed().toList());
        assertThat(started.indexOf(22L)).as("its pair's next row waited for it").isGreaterThan(secondTry);
    }

    @Test
    void rowsPutOffThatFillTheWindowAreTriedAgainWithoutWaitingForTheEnd() throws Exception {
        // given: a window of 4 and the first 4 rows put off
        putOffFirst.addAll(List.of(2L, 3L, 4L, 5L));
        pipeline(rows(10, "stampede3"), 2, 2, 4);

        // when / then: nothing else could be read, so they are tried again, and the rest follows
        assertThat(takeCommitting(10)).hasSize(10);
        drain();
        assertThat(lastTries).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
    }

    @Test
    void rowsHeldAreBoundedByTheWindowUntilTheyAreCommitted() throws Exception {
        // given: a window of 8 and rows that finish but are not committed
        pipeline(rows(50, "stampede3"), 2, 2, 8);
        List<RowOutcome> finished = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (finished.size() < 8 && System.nanoTime() < deadline) {
            finished.addAll(pipeline.take(100, Duration.ofMillis(100), Duration.ZERO));
        }

        // then: nothing beyond the window was read
        assertThat(finished).hasSize(8);
        assertThat(read.get()).isEqualTo(8);

        // when: they are committed, the rest flows
        pipeline.committed(finished);
        assertThat(takeCommitting(42)).hasSize(42);
        assertThat(read.get()).isEqualTo(50);
    }

    @Test
    void aFailedRowEndsTheRunAfterTheRowsInFlightAndNothingStartsAfterIt() throws Exception {
        // given: line 3 fails while line 2 is in flight
        gate(gates, 2);
        failures.put(3L, new IllegalStateException("Tapis is down"));
        pipeline(rows(20, "stampede3"), 2, 2, 64);

        // when: the failure is seen, then the row in flight finishes
        List<Long> before = takeCommittingUntilFailure();
        gates.get(2L).countDown();
        List<Long> after = takeCommitting(1);
        drain();

        // then
        assertThat(pipeline.failure()).hasMessage("Tapis is down");
        assertThat(before).isEmpty();
        assertThat(after).as("the row in flight is recorded").containsExactly(2L);
        assertThat(started).as("no row started after the failure").containsExactlyInAnyOrder(2L, 3L);
        assertThat(ended.get()).as("the rows were told the run ends").isEqualTo(1);
    }

    private List<Long> takeCommittingUntilFailure() throws InterruptedException {
        List<Long> lines = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pipeline.failure() == null && System.nanoTime() < deadline) {
            List<RowOutcome> batch = pipeline.take(100, Duration.ofMillis(50), Duration.ZERO);
            batch.forEach(row -> lines.add(row.lineNumber()));
            pipeline.committed(batch);
        }
        return lines;
    }

    @Test
    void aStopTakesNoNewRowAndLetsTheRowsInFlightFinish() throws Exception {
        // given: two rows in flight
        gate(gates, 2);
        gate(gates, 3);
        pipeline(rows(30, "stampede3"), 2, 2, 64);
        assertThat(twoStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // when
        pipeline.requestStop();
        gates.get(2L).countDown();
        gates.get(3L).countDown();
        List<Long> finished = takeCommitting(2);
        drain();

        // then
        assertThat(finished).containsExactlyInAnyOrder(2L, 3L);
        assertThat(started).containsExactlyInAnyOrder(2L, 3L);
        assertThat(pipeline.failure()).isNull();
        assertThat(pipeline.stopRequested()).isTrue();
    }

    @Test
    void aStopRequestedWhileRowsAreReadStartsNoRowAfterIt() throws Exception {
        // given: the stop comes as line 4 is read
        whenRead.put(4L, () -> pipeline.requestStop());

        // when
        pipeline(rows(30, "stampede3"), 8, 8, 64);
        drain();

        // then
        assertThat(started).containsExactlyInAnyOrder(2L, 3L);
        assertThat(read).hasValue(3);
    }

    @Test
    void aSystemNeverHasMoreRowsInFlightThanItsCapWhileOtherSystemsProceed() throws Exception {
        // given: 20 rows of one system whose first rows block, then 10 of another
        List<InputRow> rows = new ArrayList<>(rows(20, "stampede3"));
        for (long line = 22; line < 32; line++) {
            rows.add(InputRow.valid(line, "user" + line, "frontera", Action.ESTABLISH));
        }
        gate(gates, 2);
        gate(gates, 3);
        pipeline(rows, 8, 2, 256);

        // when: frontera's rows finish while stampede3 is at its cap
        List<Long> finished = takeCommitting(10);

        // then
        assertThat(finished).containsExactlyInAnyOrderElementsOf(LongStream.range(22, 32).boxed().toList());
        assertThat(started.stream().filter(line -> line < 22).collect(Collectors.toSet()))
                .as("only two of stampede3's rows started").containsExactlyInAnyOrder(2L, 3L);
        gates.values().forEach(CountDownLatch::countDown);
        assertThat(takeCommitting(20)).hasSize(20);
    }
}
