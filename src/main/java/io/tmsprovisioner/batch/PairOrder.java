package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps rows of the same (username, system_id) pair in file order while a chunk's rows are processed
 * on many threads: a remove and a later establish of one pair must not race. The reader registers each
 * row in file order; a row's processing first waits for the previous row of its pair.
 *
 * <p>No deadlock: a row waits only for a row registered, and so submitted to the FIFO executor, before it.
 */
class PairOrder {

    /** Runs when the row's turn is over, to let the next row of its pair go. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private record Slot(CompletableFuture<Void> previous, CompletableFuture<Void> done) {
    }

    private final Map<String, CompletableFuture<Void>> lastOfPair = new ConcurrentHashMap<>();
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();

    /** Called by the reader, in file order, for every row it hands out. */
    void register(InputRow row) {
        if (row.verdict() != InputRow.Verdict.VALID) {
            return; // never sent to Tapis: nothing to order
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        slots.put(row.lineNumber(), new Slot(lastOfPair.put(key(row), done), done));
    }

    /** Blocks until the previous row of the pair is done; close the turn when this row is done. */
    Turn awaitTurn(InputRow row) {
        Slot slot = slots.remove(row.lineNumber());
        if (slot == null) {
            return () -> { };
        }
        if (slot.previous() != null) {
            slot.previous().join();
        }
        return () -> {
            slot.done().complete(null);
            lastOfPair.remove(key(row), slot.done()); // forget the pair unless a later row follows
        };
    }

    private static String key(InputRow row) {
        return row.username() + '/' + row.systemId();
    }
}
