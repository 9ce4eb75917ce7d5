package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.AttemptJournal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * The attempt journal of one job instance. Each note commits in a transaction of its own at once: the
 * chunk's transaction would lose it in exactly the crash it is meant to survive.
 */
class JdbcAttemptJournal implements AttemptJournal {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final long jobInstanceId;

    JdbcAttemptJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, long jobInstanceId) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jobInstanceId = jobInstanceId;
    }

    @Override
    public PriorAttempts begin(long lineNumber) {
        return ownTransaction.execute(status -> {
            List<PriorAttempts> prior = jdbc.query(
                    "SELECT ATTEMPTS, CREATE_SENT FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?",
                    (rs, i) -> new PriorAttempts(rs.getInt(1), rs.getBoolean(2)), jobInstanceId, lineNumber);
            if (prior.isEmpty()) {
                jdbc.update("INSERT INTO PROVISIONING_ATTEMPT (JOB_INSTANCE_ID, LINE_NUMBER, ATTEMPTS, CREATE_SENT) "
                        + "VALUES (?, ?, 1, FALSE)", jobInstanceId, lineNumber);
                return PriorAttempts.NONE;
            }
            jdbc.update("UPDATE PROVISIONING_ATTEMPT SET ATTEMPTS = ATTEMPTS + 1 "
                    + "WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?", jobInstanceId, lineNumber);
            return prior.get(0);
        });
    }

    @Override
    public void createSent(long lineNumber) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(
                "UPDATE PROVISIONING_ATTEMPT SET CREATE_SENT = TRUE WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?",
                jobInstanceId, lineNumber));
    }

    /** Forgets the instance's notes once every row has a committed outcome. */
    static void clear(JdbcTemplate jdbc, long jobInstanceId) {
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID = ?", jobInstanceId);
    }
}
