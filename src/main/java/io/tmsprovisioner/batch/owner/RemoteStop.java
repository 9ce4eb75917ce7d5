package io.tmsprovisioner.batch.owner;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A stop asked for through the repository, from any host that shares it ({@code stop EXECUTION_ID}): it is kept
 * beside the execution's lease in {@code PROVISIONING_HEARTBEAT}, the owner's {@link Heartbeat} reads it every few
 * seconds and stops the run as SIGTERM does. It lives as long as the lease: an execution that ended, or was taken
 * over, has none to ask.
 */
public final class RemoteStop {
    private final JdbcTemplate jdbc;

    public RemoteStop(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A stop as stored.
     *
     * @param at when it was asked, by the database's clock
     * @param by who asked, {@code user@host}
     */
    public record Asked(OffsetDateTime at, String by) {
    }

    /**
     * Asks the owner of a running execution to stop, unless someone already did.
     *
     * @param by who asks, {@code user@host}, for the owner to say
     * @return whether this call asked: false when a stop was asked already, or the execution holds no lease
     */
    public boolean ask(long executionId, String by) {
        return jdbc.update("UPDATE PROVISIONING_HEARTBEAT SET STOP_REQUESTED_AT = CURRENT_TIMESTAMP, "
                + "STOP_REQUESTED_BY = ? WHERE JOB_EXECUTION_ID = ? AND STOP_REQUESTED_AT IS NULL", by, executionId) == 1;
    }

    /** The stop asked of an execution, if any. */
    public Optional<Asked> askedOf(long executionId) {
        return jdbc.query("SELECT STOP_REQUESTED_AT, STOP_REQUESTED_BY FROM PROVISIONING_HEARTBEAT "
                        + "WHERE JOB_EXECUTION_ID = ? AND STOP_REQUESTED_AT IS NOT NULL",
                (rs, row) -> new Asked(rs.getObject(1, OffsetDateTime.class), rs.getString(2)), executionId)
                .stream().findFirst();
    }
}
