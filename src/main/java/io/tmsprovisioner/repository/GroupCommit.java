package io.tmsprovisioner.repository;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Writes notes durably, many at a time: callers hand their note over and wait until it is committed, while
 * one writer thread commits every note handed over since its last commit in one transaction of its own
 * (apart from any the caller is in). H2 flushes its file once per commit, one commit at a time, so a
 * commit per note made 32 threads queue behind each other; a batch costs one flush and keeps each note's
 * promise: it is on disk before its caller goes on.
 *
 * <p>The writes happen on the writer thread only, which nobody interrupts: H2 closes a file database when
 * a thread is interrupted in the middle of its I/O. A caller interrupted while it waits gets an exception
 * and cannot tell whether its note was written; either way is safe for the journal (a note says what may
 * have happened).
 */
final class GroupCommit implements AutoCloseable {

    private record Pending(Runnable note, CompletableFuture<Void> written) {
    }

    private final TransactionTemplate ownTransaction;
    private final Runnable beforeEachCommit;
    /** Guarded by {@code this}. */
    private List<Pending> pending = new ArrayList<>();
    private Thread writer;
    private boolean closed;

    /** @param beforeEachCommit runs first in every commit's transaction; when it throws, no note of the batch is written */
    GroupCommit(PlatformTransactionManager transactionManager, Runnable beforeEachCommit) {
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.beforeEachCommit = beforeEachCommit;
    }

    /**
     * Commits the note (with others) and returns once it is durable.
     *
     * @throws IllegalStateException when the write failed or the caller was interrupted while waiting (the
     *                               interrupt flag is kept)
     */
    void write(Runnable note) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the attempt journal is closed");
            }
            pending.add(new Pending(note, written));
            if (writer == null) {
                writer = new Thread(this::writeAll, "journal-writer");
                writer.setDaemon(true);
                writer.start();
            }
            notifyAll();
        }
        try {
            written.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a note of the attempt journal was written", interrupted);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException(failed.getCause());
        }
    }

    private void writeAll() {
        List<Pending> batch;
        while ((batch = nextBatch()) != null) {
            List<Pending> notes = batch;
            try {
                ownTransaction.executeWithoutResult(status -> {
                    beforeEachCommit.run();
                    notes.forEach(each -> each.note().run());
                });
                notes.forEach(each -> each.written().complete(null));
            } catch (RuntimeException failure) {
                notes.forEach(each -> each.written().completeExceptionally(failure));
            }
        }
    }

    /** The notes handed over since the last commit; waits for one; null once closed and all are written. */
    private synchronized List<Pending> nextBatch() {
        while (pending.isEmpty() && !closed) {
            try {
                wait();
            } catch (InterruptedException ignored) {
                // only close() ends the writer, once the notes handed over are written
            }
        }
        if (pending.isEmpty()) {
            return null;
        }
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        return batch;
    }

    /** Writes what was handed over, then ends the writer thread; later writes are refused. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            notifyAll();
            running = writer;
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
