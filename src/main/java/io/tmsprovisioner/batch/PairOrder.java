package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.RowOutcome;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps rows of the same (username, system_id) pair in file order while a chunk's rows are processed
 * on many threads: a remove and a later establish of one pair must not race. The reader registers each
 * row in file order; a row's processing first waits for the previous row of its pair, and learns its
 * outcome.
 *
 * <p>No deadlock: a row waits only for a row registered, and so submitted to the FIFO executor, before it.
 *
 * <p>A pair's last row is remembered until the chunk is written, even when it is done: Spring Batch
 * submits each row as soon as it is read, so an earlier row of the pair may be done before the reader
 * reaches the later one, and the later row must still learn that outcome (to journal it before acting).
 * Forgetting at the write keeps a previous row always in the same chunk: the next chunk is read only
 * after the whole chunk is done.
 */
class PairOrder {

    /** A row's turn: the outcome of the previous row of its pair, if that row is in this chunk. */
    interface Turn extends AutoCloseable {
        RowOutcome previous();

        /** Lets the next row of the pair go, telling it this row's outcome. */
        void done(RowOutcome outcome);

        /** Lets the next row go even if this one failed. */
        @Override
        void close();
    }

    private record Slot(CompletableFuture<RowOutcome> previous, CompletableFuture<RowOutcome> done) {
    }

    private static final Turn FREE = new Turn() {
        @Override
        public RowOutcome previous() {
            return null;
        }

        @Override
        public void done(RowOutcome outcome) {
        }

        @Override
        public void close() {
        }
    };

    private final Map<String, CompletableFuture<RowOutcome>> lastOfPair = new ConcurrentHashMap<>();
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();

    /** Called by the reader, in file order, for every row it hands out. */
    void register(InputRow row) {
        if (row.verdict() != InputRow.Verdict.VALID) {
            return; // never sent to Tapis: nothing to order
        }
        CompletableFuture<RowOutcome> done = new CompletableFuture<>();
        slots.put(row.lineNumber(), new Slot(lastOfPair.put(key(row), done), done));
    }

    /** Blocks until the previous row of the pair is done. */
    Turn awaitTurn(InputRow row) {
        Slot slot = slots.remove(row.lineNumber());
        if (slot == null) {
            return FREE;
        }
        RowOutcome previous = slot.previous() == null ? null : slot.previous().join();
        return new Turn() {
            @Override
            public RowOutcome previous() {
                return previous;
            }

            @Override
            public void done(RowOutcome outcome) {
                slot.done().complete(outcome);
            }

            @Override
            public void close() {
                done(null);
            }
        };
    }

    /** Called when a chunk's rows are all done and its outcomes are being written: they are the record now. */
    void chunkWritten() {
        lastOfPair.clear();
    }

    private static String key(InputRow row) {
        return row.username() + '/' + row.systemId();
    }
}
