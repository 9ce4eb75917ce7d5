package io.tmsprovisioner.batch.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A row lock on the execution being resumed, held by a transaction on a connection of its own (not
 * Spring's: the job repository refuses to create executions inside a caller's transaction). Nothing
 * else writes that row while it is held: the new execution refers to the instance, not to it.
 */
final class ResumeLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResumeLock.class);

    private Connection connection;

    private ResumeLock(Connection connection) {
        this.connection = connection;
    }

    static ResumeLock acquire(DataSource dataSource, long executionId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ? FOR UPDATE")) {
                lock.setLong(1, executionId);
                lock.executeQuery().close();
            }
            return new ResumeLock(connection);
        } catch (SQLException | RuntimeException e) {
            try (connection) {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Ends the locking transaction; idempotent. */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try (Connection held = connection) {
            connection = null;
            held.rollback();
        } catch (SQLException e) {
            log.warn("Could not release the resume lock cleanly: {}", e.toString());
        }
    }
}
