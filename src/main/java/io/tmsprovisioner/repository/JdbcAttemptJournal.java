package io.tmsprovisioner.repository;

import io.tmsprovisioner.provisioning.AttemptJournal;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempt journal of one step execution. Each note is committed (by {@link GroupCommit}) before its
 * caller goes on, in a transaction apart from the one that commits outcomes, which would lose it in exactly
 * the crash it is meant to survive. The notes of rows are deleted in the transaction that commits their
 * outcomes, so the table only ever holds the notes of rows not yet recorded, and a resumed run reads them
 * all once, when it starts.
 *
 * <p>Thread-safe for distinct lines; one line is only ever worked on by one thread at a time.
 */
public class JdbcAttemptJournal implements AttemptJournal, AutoCloseable {
    private final JdbcTemplate jdbc;
    private final GroupCommit groupCommit;
    private final long jobInstanceId;
    /** What interrupted executions left, read once, and what this run's first tries of rows did. */
    private final Map<Long, PriorAttempts> earlier = new ConcurrentHashMap<>();
    /** Lines with a row in the table, to choose between INSERT and UPDATE without asking. */
    private final Set<Long> noted = ConcurrentHashMap.newKeySet();

    /**
     * @param confirmLease confirms, in the current transaction, that this process still holds the execution
     *                     (see {@link io.tmsprovisioner.batch.owner.Heartbeat#confirm}); run in every commit of notes, so that no change is
     *                     sent to Tapis by a process another run took the execution from
     */
    public JdbcAttemptJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, long jobInstanceId,
                       Runnable confirmLease) {
        this.jdbc = jdbc;
        this.groupCommit = new GroupCommit(transactionManager, confirmLease);
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
        groupCommit.write(() -> mark("CREATE_SENT", lineNumber));
    }

    @Override
    public void aboutToRemove(long lineNumber) {
        groupCommit.write(() -> { }); // the lease is confirmed by the commit itself
    }

    @Override
    public void removed(long lineNumber) {
        groupCommit.write(() -> mark("REMOVED", lineNumber));
    }

    @Override
    public void finished(RowOutcome outcome) {
        groupCommit.write(() -> record(outcome));
    }

    private void mark(String column, long lineNumber) {
        // a row tried again at the end of the run must know what its first try did
        earlier.merge(lineNumber, new PriorAttempts(true, column.equals("CREATE_SENT"), column.equals("REMOVED"), null),
                (was, now) -> new PriorAttempts(true, was.createSent() || now.createSent(),
                        was.removed() || now.removed(), was.finished()));
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

    /** Forgets the notes of lines whose outcomes the caller's transaction is committing. */
    public void committing(List<Long> lines) {
        List<Object[]> keys = lines.stream().filter(noted::contains)
                .map(line -> new Object[] {jobInstanceId, line}).toList();
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?", keys);
        }
        lines.forEach(line -> {
            noted.remove(line);
            earlier.remove(line);
        });
    }

    /**
     * Forgets every note of the job instance, in the caller's transaction: for when all its lines are recorded
     * (a note written for a line just as it was committed may otherwise outlive it).
     */
    public void committedAll() {
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
        noted.clear();
        earlier.clear();
    }

    /** Writes the notes handed over, then refuses more. */
    @Override
    public void close() {
        groupCommit.close();
    }
}
