package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.batch.owner.RunRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The lock a launch holds on its request's row of {@code PROVISIONING_LAUNCH}, from before it looks at the
 * request's job instances until its execution exists: two runs of the same command decide one after the other, on
 * any hosts. Held by a transaction on a connection of its own (not Spring's: the job repository refuses to create
 * executions inside a caller's transaction); nothing else writes the row.
 */
public final class LaunchLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LaunchLock.class);
    private static final String LOCK = "SELECT REQUEST_KEY FROM PROVISIONING_LAUNCH WHERE REQUEST_KEY = ? FOR UPDATE";

    private Connection connection;
    private final boolean contended;

    private LaunchLock(Connection connection, boolean contended) {
        this.connection = connection;
        this.contended = contended;
    }

    /**
     * Takes the request's lock, waiting while another launch holds it.
     *
     * @throws RunRefusedException when the database gave up waiting (H2's lock timeout); nothing was started
     */
    public static LaunchLock acquire(DataSource dataSource, String requestKey) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO PROVISIONING_LAUNCH (REQUEST_KEY) VALUES (?)")) {
                insert.setString(1, requestKey);
                insert.executeUpdate();
            } catch (SQLException exists) {
                if (!isDuplicateKey(exists)) {
                    throw exists;
                }
            }
            connection.setAutoCommit(false);
            boolean contended = !lock(connection, requestKey, " NOWAIT");
            if (contended) {
                connection.rollback(); // PostgreSQL aborts a transaction whose statement failed
                try {
                    lock(connection, requestKey, "");
                } catch (SQLException gaveUp) {
                    throw new RunRefusedException("Another run of this job (same input, action and Tapis URL) is "
                            + "starting on this repository and has not started yet; nothing was started. Run "
                            + "`status` to follow it.", gaveUp);
                }
            }
            return new LaunchLock(connection, contended);
        } catch (SQLException | RuntimeException e) {
            try (connection) {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** @return false when another transaction holds the row and {@code wait} said not to wait */
    private static boolean lock(Connection connection, String requestKey, String wait) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK + wait)) {
            lock.setString(1, requestKey);
            lock.executeQuery().close();
            return true;
        } catch (SQLException held) {
            if (wait.isEmpty() || !isLockNotAvailable(held)) {
                throw held;
            }
            return false;
        }
    }

    /** Integrity constraint violation (SQL state class 23): the row is there already. */
    private static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** PostgreSQL's lock_not_available (55P03), H2's lock timeout (HYT00). */
    private static boolean isLockNotAvailable(SQLException e) {
        return "55P03".equals(e.getSQLState()) || "HYT00".equals(e.getSQLState());
    }

    /** Whether another launch held the lock when this one asked for it: it may have started the run since. */
    boolean contended() {
        return contended;
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
            log.warn("Could not release the launch lock cleanly: {}", e.toString());
        }
    }
}
