package io.tmsprovisioner.repository;

import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code PROVISIONING_CREDENTIAL}: the credentials this tool created and has not removed since, and the roster
 * whose run created each. Kept up to date with every outcome recorded, in the same transaction; a credential
 * the tool found present (created by the portal, say) is never in it.
 */
public final class CredentialLedger {
    private final JdbcTemplate jdbc;
    /** The scope of the execution recorded last: an execution records many batches. */
    private volatile Scope lastScope;

    public CredentialLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A pair of a tenant, ordered by system then user. */
    public record Pair(String systemId, String username) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int bySystem = systemId.compareTo(other.systemId);
            return bySystem != 0 ? bySystem : username.compareTo(other.username);
        }
    }

    /** The tenant and roster an execution runs for, as its parameters say. */
    private record Scope(long jobExecutionId, String tapisUrl, String roster) {
    }

    /**
     * Notes what the outcomes did to credentials: keys this tool stored (created, or created and refused or
     * unverified) are its own, now of this roster; a reset keeps the roster that created the pair's first keys;
     * a removal ends the entry. Executions recorded without a roster (by earlier versions) note nothing.
     */
    void record(long jobExecutionId, List<? extends RowOutcome> outcomes) {
        Optional<Scope> scope = scopeOf(jobExecutionId);
        if (scope.isEmpty()) {
            return;
        }
        String tapisUrl = scope.get().tapisUrl();
        for (RowOutcome row : outcomes) {
            switch (row.outcome()) {
                case CREATED, UNVERIFIED, KEYS_REFUSED -> {
                    forget(tapisUrl, row);
                    insert(scope.get(), row);
                }
                case RESET -> {
                    if (jdbc.update("UPDATE PROVISIONING_CREDENTIAL SET JOB_EXECUTION_ID = ?, CREATED_AT = ? "
                                    + "WHERE TAPIS_URL = ? AND SYSTEM_ID = ? AND USERNAME = ?", jobExecutionId,
                            Timestamp.from(row.recordedAt()), tapisUrl, row.systemId(), row.username()) == 0) {
                        insert(scope.get(), row);
                    }
                }
                case REMOVED -> forget(tapisUrl, row);
                default -> {
                    // nothing stored or removed by this tool
                }
            }
        }
    }

    private void forget(String tapisUrl, RowOutcome row) {
        jdbc.update("DELETE FROM PROVISIONING_CREDENTIAL WHERE TAPIS_URL = ? AND SYSTEM_ID = ? AND USERNAME = ?",
                tapisUrl, row.systemId(), row.username());
    }

    private void insert(Scope scope, RowOutcome row) {
        jdbc.update("INSERT INTO PROVISIONING_CREDENTIAL (TAPIS_URL, SYSTEM_ID, USERNAME, ROSTER, JOB_EXECUTION_ID, "
                        + "CREATED_AT) VALUES (?, ?, ?, ?, ?, ?)", scope.tapisUrl(), row.systemId(), row.username(),
                scope.roster(), scope.jobExecutionId(), Timestamp.from(row.recordedAt()));
    }

    private Optional<Scope> scopeOf(long jobExecutionId) {
        Scope known = lastScope;
        if (known != null && known.jobExecutionId() == jobExecutionId) {
            return Optional.of(known);
        }
        List<Scope> found = jdbc.query("SELECT " + StoredParameter.valueOf("e.JOB_EXECUTION_ID") + ", "
                        + StoredParameter.valueOf("e.JOB_EXECUTION_ID")
                        + " FROM BATCH_JOB_EXECUTION e WHERE e.JOB_EXECUTION_ID = ?",
                (rs, n) -> rs.getString(1) == null || rs.getString(2) == null ? null
                        : new Scope(jobExecutionId, rs.getString(1), rs.getString(2)),
                JobParameterNames.TAPIS_URL, JobParameterNames.ROSTER, jobExecutionId);
        if (found.isEmpty() || found.get(0) == null) {
            return Optional.empty();
        }
        lastScope = found.get(0);
        return Optional.of(lastScope);
    }

    /** The pairs of the tenant whose credential a run of the roster created and no run removed since. */
    public TreeSet<Pair> createdFor(String tapisUrl, String roster) {
        TreeSet<Pair> pairs = new TreeSet<>();
        jdbc.query("SELECT SYSTEM_ID, USERNAME FROM PROVISIONING_CREDENTIAL WHERE ROSTER = ? AND TAPIS_URL = ?",
                rs -> {
                    pairs.add(new Pair(rs.getString(1), rs.getString(2)));
                }, roster, tapisUrl);
        return pairs;
    }
}
