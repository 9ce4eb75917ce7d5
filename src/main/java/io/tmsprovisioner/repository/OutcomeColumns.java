package io.tmsprovisioner.repository;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.tapis.PrintableText;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/** The columns a row's outcome takes, the same in the outcome table and in the attempt journal. */
final class OutcomeColumns {
    static final String NAMES = "LINE_NUMBER, USERNAME, SYSTEM_ID, ACTION, OUTCOME, HTTP_STATUS, TAPIS_CODE, "
            + "MESSAGE, ATTEMPTS, DURATION_MS, RECORDED_AT";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    static final int COUNT = 11;

    private static final int MESSAGE_LIMIT = 2000;
    private static final int NAME_LIMIT = 128;

    private OutcomeColumns() {
    }

    /** Binds the outcome to parameters {@code first} to {@code first + COUNT - 1}, in the order of {@link #NAMES}. */
    static void bind(PreparedStatement ps, int first, RowOutcome o) throws SQLException {
        ps.setLong(first, o.lineNumber());
        ps.setString(first + 1, clip(o.username(), NAME_LIMIT));
        ps.setString(first + 2, clip(o.systemId(), NAME_LIMIT));
        ps.setString(first + 3, o.action() == null ? null : o.action().name());
        ps.setString(first + 4, o.outcome().name());
        if (o.httpStatus() == null) {
            ps.setNull(first + 5, Types.INTEGER);
        } else {
            ps.setInt(first + 5, o.httpStatus());
        }
        ps.setString(first + 6, clip(o.tapisCode(), NAME_LIMIT));
        ps.setString(first + 7, clip(o.message(), MESSAGE_LIMIT));
        ps.setInt(first + 8, o.attempts());
        ps.setLong(first + 9, o.durationMillis());
        ps.setTimestamp(first + 10, Timestamp.from(o.recordedAt()));
    }

    static RowOutcome read(ResultSet rs) throws SQLException {
        String action = rs.getString("ACTION");
        int status = rs.getInt("HTTP_STATUS");
        Integer httpStatus = rs.wasNull() ? null : status;
        return new RowOutcome(rs.getLong("LINE_NUMBER"), rs.getString("USERNAME"), rs.getString("SYSTEM_ID"),
                action == null ? null : Action.valueOf(action), Outcome.valueOf(rs.getString("OUTCOME")), httpStatus,
                rs.getString("TAPIS_CODE"), rs.getString("MESSAGE"), rs.getInt("ATTEMPTS"), rs.getLong("DURATION_MS"),
                rs.getTimestamp("RECORDED_AT").toInstant());
    }

    /** Printable (a NUL would make PostgreSQL refuse the row on every resume), and cut to the column's size. */
    private static String clip(String text, int limit) {
        String printable = PrintableText.of(text);
        return printable == null || printable.length() <= limit ? printable : printable.substring(0, limit - 1) + "…";
    }
}
