package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The one place that writes and reads {@code PROVISIONING_OUTCOME}. */
@Repository
public class OutcomeRepository {
    private static final int MESSAGE_LIMIT = 2000;
    private static final int NAME_LIMIT = 128;

    private final JdbcTemplate jdbc;

    public OutcomeRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the outcomes in the caller's transaction (the chunk's, in the job). */
    public void insert(long jobInstanceId, long jobExecutionId, List<? extends RowOutcome> outcomes) {
        jdbc.batchUpdate("INSERT INTO PROVISIONING_OUTCOME (JOB_INSTANCE_ID, JOB_EXECUTION_ID, LINE_NUMBER, USERNAME, "
                        + "SYSTEM_ID, ACTION, OUTCOME, HTTP_STATUS, TAPIS_CODE, MESSAGE, ATTEMPTS, DURATION_MS, RECORDED_AT) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                outcomes, outcomes.size(), (ps, o) -> {
                    ps.setLong(1, jobInstanceId);
                    ps.setLong(2, jobExecutionId);
                    ps.setLong(3, o.lineNumber());
                    ps.setString(4, clip(o.username(), NAME_LIMIT));
                    ps.setString(5, clip(o.systemId(), NAME_LIMIT));
                    ps.setString(6, o.action() == null ? null : o.action().name());
                    ps.setString(7, o.outcome().name());
                    if (o.httpStatus() == null) {
                        ps.setNull(8, Types.INTEGER);
                    } else {
                        ps.setInt(8, o.httpStatus());
                    }
                    ps.setString(9, clip(o.tapisCode(), NAME_LIMIT));
                    ps.setString(10, clip(o.message(), MESSAGE_LIMIT));
                    ps.setInt(11, o.attempts());
                    ps.setLong(12, o.durationMillis());
                    ps.setTimestamp(13, Timestamp.from(o.recordedAt()));
                });
    }

    /** Outcome counts of a whole job instance, over all its executions. */
    public Map<Outcome, Long> countsForInstance(long jobInstanceId) {
        return counts("JOB_INSTANCE_ID", jobInstanceId);
    }

    /** Outcome counts of the rows one execution recorded. */
    public Map<Outcome, Long> countsForExecution(long jobExecutionId) {
        return counts("JOB_EXECUTION_ID", jobExecutionId);
    }

    private Map<Outcome, Long> counts(String column, long id) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        jdbc.query("SELECT OUTCOME, COUNT(*) FROM PROVISIONING_OUTCOME WHERE " + column + " = ? GROUP BY OUTCOME",
                rs -> {
                    counts.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                }, id);
        return counts;
    }

    /**
     * Streams, in line order, the outcomes a job instance had recorded when the given execution ended:
     * those of that execution and of the earlier ones it resumed.
     */
    public void forEachOutcome(long jobInstanceId, long upToExecutionId, Consumer<RecordedOutcome> consumer) {
        jdbc.query("SELECT * FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = ? AND JOB_EXECUTION_ID <= ? "
                + "ORDER BY LINE_NUMBER", rs -> {
                    consumer.accept(map(rs));
                }, jobInstanceId, upToExecutionId);
    }

    private static RecordedOutcome map(ResultSet rs) throws SQLException {
        String action = rs.getString("ACTION");
        int status = rs.getInt("HTTP_STATUS");
        Integer httpStatus = rs.wasNull() ? null : status;
        RowOutcome row = new RowOutcome(rs.getLong("LINE_NUMBER"), rs.getString("USERNAME"), rs.getString("SYSTEM_ID"),
                action == null ? null : Action.valueOf(action), Outcome.valueOf(rs.getString("OUTCOME")), httpStatus,
                rs.getString("TAPIS_CODE"), rs.getString("MESSAGE"), rs.getInt("ATTEMPTS"), rs.getLong("DURATION_MS"),
                rs.getTimestamp("RECORDED_AT").toInstant());
        return new RecordedOutcome(rs.getLong("JOB_EXECUTION_ID"), row);
    }

    private static String clip(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
