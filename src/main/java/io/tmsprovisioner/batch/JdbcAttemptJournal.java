package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.AttemptJournal;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempt journal of one step execution. Each note is committed before its caller goes on, in a
 * transaction apart from the chunk's, which would lose it in exactly the crash it is meant to survive. The notes of a
 * chunk are deleted in the chunk's own transaction when its outcomes are written, so the table only
 * ever holds the rows of chunks in flight, and a resumed run reads them all once, when it starts.
 *
 * <p>Thread-safe for distinct lines; one line is only ever worked on by one thread at a time.
 */
class JdbcAttemptJournal implements AttemptJournal {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final long jobInstanceId;
    /** What interrupted executions left, read once. */
    private final Map<Long, PriorAttempts> earlier = new ConcurrentHashMap<>();
    /** Lines with a row in the table, to choose between INSERT and UPDATE without asking. */
    private final Set<Long> noted = ConcurrentHashMap.newKeySet();
    /** Notes waiting for the next group commit, and whether a thread is writing them. */
    private List<Pending> pending = new ArrayList<>();
    private boolean writing;

    private record Pending(Runnable note, CompletableFuture<Void> written) {
    }

    JdbcAttemptJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, long jobInstanceId) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jobInstanceId = jobInstanceId;
        jdbc.query("SELECT * FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ?", rs -> {
            long line = rs.getLong("LINE_NUMBER");
            RowOutcome finished = rs.getString("OUTCOME") == null ? null : OutcomeColumns.read(rs);
            earlier.put(line, new PriorAttempts(true, rs.getBoolean("CREATE_SENT"), rs.getBoolean("REMOVED"), finished));
            noted.add(line);
        }, jobInstanceId);
    }

    @Override
    public PriorAttempts begin(long lineNumber) {
        return earlier.getOrDefault(lineNumber, PriorAttempts.NONE);
    }

    @Override
    public void createSent(long lineNumber) {
        commitDurably(() -> mark("CREATE_SENT", lineNumber));
    }

    @Override
    public void removed(long lineNumber) {
        commitDurably(() -> mark("REMOVED", lineNumber));
    }

    @Override
    public void finished(RowOutcome outcome) {
        commitDurably(() -> record(outcome));
    }

    /**
     * Group commit: the first waiting thread writes every pending note in one transaction while the
     * others wait for it. H2 flushes its file once per commit, one commit at a time, so a commit per
     * note made 32 threads queue behind each other; a batch costs one flush and keeps each note's
     * promise: it is on disk before its caller goes on.
     */
    private void commitDurably(Runnable note) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        boolean lead;
        synchronized (this) {
            pending.add(new Pending(note, written));
            lead = !writing;
            writing |= lead;
        }
        while (lead) {
            List<Pending> batch;
            synchronized (this) {
                if (pending.isEmpty()) {
                    writing = false;
                    break;
                }
                batch = pending;
                pending = new ArrayList<>();
            }
            try {
                ownTransaction.executeWithoutResult(status -> batch.forEach(each -> each.note().run()));
                batch.forEach(each -> each.written().complete(null));
            } catch (RuntimeException failure) {
                batch.forEach(each -> each.written().completeExceptionally(failure));
            }
        }
        try {
            written.join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    private void mark(String column, long lineNumber) {
        if (noted.add(lineNumber)) {
            jdbc.update("INSERT INTO PROVISIONING_ATTEMPT (JOB_INSTANCE_ID, LINE_NUMBER, CREATE_SENT, REMOVED) "
                    + "VALUES (?, ?, ?, ?)", jobInstanceId, lineNumber, column.equals("CREATE_SENT"),
                    column.equals("REMOVED"));
        } else {
            jdbc.update("UPDATE PROVISIONING_ATTEMPT SET " + column + " = TRUE "
                    + "WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?", jobInstanceId, lineNumber);
        }
    }

    private void record(RowOutcome outcome) {
        if (noted.add(outcome.lineNumber())) {
            jdbc.update("INSERT INTO PROVISIONING_ATTEMPT (JOB_INSTANCE_ID, CREATE_SENT, REMOVED, "
                    + OutcomeColumns.NAMES + ") VALUES (?, FALSE, FALSE, " + OutcomeColumns.PLACEHOLDERS + ")", ps -> {
                ps.setLong(1, jobInstanceId);
                OutcomeColumns.bind(ps, 2, outcome);
            });
        } else {
            jdbc.update("UPDATE PROVISIONING_ATTEMPT SET (" + OutcomeColumns.NAMES + ") = ("
                    + OutcomeColumns.PLACEHOLDERS + ") WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?", ps -> {
                OutcomeColumns.bind(ps, 1, outcome);
                ps.setLong(OutcomeColumns.COUNT + 1, jobInstanceId);
                ps.setLong(OutcomeColumns.COUNT + 2, outcome.lineNumber());
            });
        }
    }

    /** Forgets the notes of lines whose outcomes the caller's transaction (the chunk's) is writing. */
    void committing(long firstLine, long lastLine) {
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER BETWEEN ? AND ?",
                jobInstanceId, firstLine, lastLine);
        noted.removeIf(line -> line >= firstLine && line <= lastLine);
        earlier.keySet().removeIf(line -> line >= firstLine && line <= lastLine);
    }
}
