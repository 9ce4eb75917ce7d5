package io.tmsprovisioner.repository;

import io.tmsprovisioner.input.LineSet;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.PairHistory;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The one place that writes and reads {@code PROVISIONING_OUTCOME}, and that keeps the ledger of the credentials
 * the tool created ({@link CredentialLedger}) in step with it.
 */
@Repository
public class OutcomeRepository {
    private final JdbcTemplate jdbc;
    private final CredentialLedger ledger;

    public OutcomeRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.ledger = new CredentialLedger(jdbc);
    }

    /**
     * Inserts the outcomes of the scope's execution, and notes what they did to credentials, in the caller's
     * transaction (the chunk's, in the job).
     */
    public void insert(ExecutionScope scope, List<? extends RowOutcome> outcomes) {
        ledger.record(scope, outcomes);
        jdbc.batchUpdate("INSERT INTO PROVISIONING_OUTCOME (JOB_INSTANCE_ID, JOB_EXECUTION_ID, "
                        + OutcomeColumns.NAMES + ") VALUES (?, ?, " + OutcomeColumns.PLACEHOLDERS + ")",
                outcomes, outcomes.size(), (ps, outcome) -> {
                    ps.setLong(1, scope.jobInstanceId());
                    ps.setLong(2, scope.jobExecutionId());
                    OutcomeColumns.bind(ps, 3, outcome);
                });
    }

    /**
     * What a job instance recorded over all its executions: the lines that have an outcome, and the counts by
     * outcome.
     */
    public record Recorded(LineSet lines, Map<Outcome, Long> counts) {
    }

    /** Read in one pass: a starting step needs both, and an instance may have many rows. */
    public Recorded recorded(long jobInstanceId) {
        LineSet lines = new LineSet();
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        jdbc.query("SELECT LINE_NUMBER, OUTCOME FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = ?", rs -> {
            lines.add(rs.getLong(1));
            counts.merge(Outcome.valueOf(rs.getString(2)), 1L, Long::sum);
        }, jobInstanceId);
        return new Recorded(lines, counts);
    }

    /** Outcome counts of a job instance as they stood when the given execution ended. */
    public Map<Outcome, Long> countsForInstanceUpTo(long jobInstanceId, long jobExecutionId) {
        return counts("JOB_INSTANCE_ID = ? AND JOB_EXECUTION_ID <= ?", jobInstanceId, jobExecutionId);
    }

    /** Outcome counts of the rows one execution recorded. */
    public Map<Outcome, Long> countsForExecution(long jobExecutionId) {
        return counts("JOB_EXECUTION_ID = ?", jobExecutionId);
    }

    private Map<Outcome, Long> counts(String condition, Object... values) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        jdbc.query("SELECT OUTCOME, COUNT(*) FROM PROVISIONING_OUTCOME WHERE " + condition + " GROUP BY OUTCOME",
                rs -> {
                    counts.put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                }, values);
        return counts;
    }

    /**
     * Systems whose host Tapis could not reach, in a job instance up to the given execution: the rows
     * recorded FAILED or UNVERIFIED for it ({@code SYSLIB_CRED_CONN_FAIL}), by system, in system order.
     */
    public Map<String, Long> unreachableHosts(long jobInstanceId, long upToExecutionId) {
        Map<String, Long> systems = new TreeMap<>();
        jdbc.query("SELECT SYSTEM_ID, COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = ? "
                + "AND JOB_EXECUTION_ID <= ? AND OUTCOME IN ('FAILED', 'UNVERIFIED') "
                + "AND TAPIS_CODE = 'SYSLIB_CRED_CONN_FAIL' "
                + "GROUP BY SYSTEM_ID", rs -> {
                    systems.put(rs.getString(1), rs.getLong(2));
                }, jobInstanceId, upToExecutionId);
        return systems;
    }

    /**
     * When a run of any job instance recorded that the host refused the TMS keys it created for the pair, if
     * that is the last word about the pair's key: no run recorded since that a key worked, was created or was
     * removed. The rows are found by the pair's index; dry runs record none of these outcomes but
     * {@code ALREADY_PRESENT}, which is what a real run would see too.
     */
    private Optional<Instant> keysRefused(String systemId, String username) {
        List<Instant> last = jdbc.query("SELECT OUTCOME, RECORDED_AT FROM PROVISIONING_OUTCOME "
                        + "WHERE SYSTEM_ID = ? AND USERNAME = ? AND OUTCOME IN ('KEYS_REFUSED', 'ALREADY_PRESENT', "
                        + "'CREATED', 'RESET', 'UNVERIFIED', 'REMOVED') "
                        + "ORDER BY RECORDED_AT DESC, JOB_EXECUTION_ID DESC FETCH FIRST 1 ROWS ONLY",
                (rs, row) -> Outcome.KEYS_REFUSED.name().equals(rs.getString(1))
                        ? rs.getTimestamp(2).toInstant() : null,
                systemId, username);
        return last.isEmpty() ? Optional.empty() : Optional.ofNullable(last.get(0));
    }

    /**
     * What earlier runs recorded about pairs, for runs against the given tenant: a verification counts only on the
     * tenant it was made on (two tenants may share system and user names).
     */
    public PairHistory pairHistory(String tapisUrl) {
        return new PairHistory() {
            @Override
            public Optional<Instant> keysRefused(String systemId, String username) {
                return OutcomeRepository.this.keysRefused(systemId, username);
            }

            @Override
            public Optional<Verification> lastVerified(String systemId, String username) {
                return OutcomeRepository.this.lastVerified(tapisUrl, systemId, username);
            }
        };
    }

    /**
     * The last outcome of the pair on the tenant that tells whether its credential works, if it says it does:
     * found present, or created (or reset) and verified on the host. Outcomes that tell nothing about it
     * (rejected, duplicate, a dry run's remove or reset, {@code RECENTLY_VERIFIED}, which only repeats an
     * earlier finding) are passed over.
     */
    Optional<PairHistory.Verification> lastVerified(String tapisUrl, String systemId, String username) {
        List<PairHistory.Verification> last = jdbc.query("SELECT o.OUTCOME, o.MESSAGE, o.RECORDED_AT, "
                        + "o.JOB_EXECUTION_ID FROM PROVISIONING_OUTCOME o WHERE o.SYSTEM_ID = ? AND o.USERNAME = ? "
                        + "AND o.OUTCOME IN ('ALREADY_PRESENT', 'CREATED', 'RESET', 'REMOVED', 'UNVERIFIED', "
                        + "'KEYS_REFUSED', 'FAILED', 'NOT_TMS', 'WOULD_CREATE') AND "
                        + StoredParameter.matches("o.JOB_EXECUTION_ID")
                        + " ORDER BY o.RECORDED_AT DESC, o.JOB_EXECUTION_ID DESC FETCH FIRST 1 ROWS ONLY",
                (rs, row) -> worked(Outcome.valueOf(rs.getString(1)), rs.getString(2))
                        ? new PairHistory.Verification(rs.getTimestamp(3).toInstant(), rs.getLong(4)) : null,
                systemId, username, JobParameterNames.TAPIS_URL, tapisUrl);
        return last.isEmpty() ? Optional.empty() : Optional.ofNullable(last.get(0));
    }

    /** Keys created with {@code --no-verify} are recorded CREATED all the same; only their message tells. */
    private static boolean worked(Outcome outcome, String message) {
        return switch (outcome) {
            case ALREADY_PRESENT -> true;
            case CREATED, RESET -> message == null || !message.contains(Provisioner.NOT_VERIFIED);
            default -> false;
        };
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

    /** Which of a user's outcomes {@link #forEachOfUser} streams, and in which order. */
    public record UserQuery(String username, Optional<String> systemId, int limit, boolean oldestFirst) {
    }

    private static final String LAUNCH_FACT = StoredParameter.valueOf("o.JOB_EXECUTION_ID");

    /**
     * Streams every outcome recorded for one user (on one system, if given) across all runs, by the time it was
     * recorded, with who launched each execution: at most {@code query.limit()}, newest or oldest first.
     * Found by the user's index.
     */
    public void forEachOfUser(UserQuery query, Consumer<UserOutcome> consumer) {
        String direction = query.oldestFirst() ? "ASC" : "DESC";
        List<Object> values = new ArrayList<>(List.of(JobParameterNames.INPUT_FILE, JobParameterNames.MODE,
                JobParameterNames.OS_USER, JobParameterNames.TAPIS_LOGIN, query.username()));
        query.systemId().ifPresent(values::add);
        jdbc.query("SELECT o.*, " + LAUNCH_FACT + " AS INPUT_FILE, " + LAUNCH_FACT + " AS RUN_MODE, "
                        + LAUNCH_FACT + " AS OS_USER, " + LAUNCH_FACT + " AS TAPIS_LOGIN "
                        + "FROM PROVISIONING_OUTCOME o WHERE o.USERNAME = ?"
                        + (query.systemId().isPresent() ? " AND o.SYSTEM_ID = ?" : "")
                        + " ORDER BY o.RECORDED_AT " + direction + ", o.JOB_EXECUTION_ID " + direction
                        + ", o.LINE_NUMBER " + direction + " FETCH FIRST " + query.limit() + " ROWS ONLY",
                rs -> {
                    consumer.accept(new UserOutcome(map(rs), rs.getLong("JOB_INSTANCE_ID"), rs.getString("INPUT_FILE"),
                            JobParameterNames.DRY_RUN.equals(rs.getString("RUN_MODE")), rs.getString("OS_USER"),
                            rs.getString("TAPIS_LOGIN")));
                }, values.toArray());
    }

    private static RecordedOutcome map(ResultSet rs) throws SQLException {
        return new RecordedOutcome(rs.getLong("JOB_EXECUTION_ID"), OutcomeColumns.read(rs));
    }
}
