package io.tmsprovisioner.repository;

import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code PROVISIONING_CREDENTIAL}: the credentials this tool created and has not removed since, and the roster
 * whose run created each. Kept up to date with every outcome recorded, in the same transaction; a credential
 * the tool found present (created by the portal, say) is never in it.
 */
public final class CredentialLedger {
    private static final String DELETE = "DELETE FROM PROVISIONING_CREDENTIAL "
            + "WHERE TAPIS_URL = ? AND SYSTEM_ID = ? AND USERNAME = ?";
    private static final String INSERT = "INSERT INTO PROVISIONING_CREDENTIAL (TAPIS_URL, SYSTEM_ID, USERNAME, "
            + "ROSTER, JOB_EXECUTION_ID, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String RESET = "UPDATE PROVISIONING_CREDENTIAL SET JOB_EXECUTION_ID = ?, CREATED_AT = ? "
            + "WHERE TAPIS_URL = ? AND SYSTEM_ID = ? AND USERNAME = ?";

    private final JdbcTemplate jdbc;

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

    /** What a pair's entry becomes. */
    private enum Effect {
        /** This roster's, created by this execution at the time. */
        OWN,
        /** The roster it has (this one's, if none), created by this execution at the time. */
        RESET,
        /** No entry. */
        FORGET
    }

    /** The last word of a batch's outcomes about one pair: the outcomes taken in order leave what it says. */
    private record Change(Effect effect, Instant at) {
    }

    /**
     * Notes what the outcomes did to credentials: keys this tool stored (created, or created and refused or
     * unverified) are its own, now of this roster; a reset keeps the roster that created the pair's first keys;
     * a removal ends the entry. Executions without a roster (launched by earlier versions) note nothing.
     *
     * <p>Two outcomes of a batch may be of one pair (a remove, then the pair's establish): they are folded, in
     * order, into one change per pair, written with one batched statement of each kind.
     */
    void record(ExecutionScope scope, List<? extends RowOutcome> outcomes) {
        if (scope.roster() == null) {
            return;
        }
        Map<Pair, Change> changes = new TreeMap<>();
        for (RowOutcome row : outcomes) {
            Pair pair = new Pair(row.systemId(), row.username());
            switch (row.outcome()) {
                case CREATED, UNVERIFIED, KEYS_REFUSED -> changes.put(pair, new Change(Effect.OWN, row.recordedAt()));
                case RESET -> {
                    // a reset keeps the entry's roster. After the batch's own create or remove of the pair that
                    // is this roster (or there is no entry, and the reset's keys are this roster's); after its
                    // own reset, or none, it is whatever roster the table holds
                    Change before = changes.get(pair);
                    Effect effect = before == null || before.effect() == Effect.RESET ? Effect.RESET : Effect.OWN;
                    changes.put(pair, new Change(effect, row.recordedAt()));
                }
                case REMOVED -> changes.put(pair, new Change(Effect.FORGET, row.recordedAt()));
                default -> {
                    // nothing stored or removed by this tool
                }
            }
        }
        write(scope, changes);
    }

    /**
     * One batched statement of each kind: the entries that end or are made anew are deleted, the reset ones
     * updated, and the new ones inserted, with the reset pairs that had no entry.
     */
    private void write(ExecutionScope scope, Map<Pair, Change> changes) {
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Pair> resetPairs = new ArrayList<>();
        List<Object[]> resets = new ArrayList<>();
        changes.forEach((pair, change) -> {
            switch (change.effect()) {
                case OWN -> {
                    deletes.add(key(scope, pair));
                    inserts.add(entry(scope, pair, change.at()));
                }
                case FORGET -> deletes.add(key(scope, pair));
                case RESET -> {
                    resetPairs.add(pair);
                    resets.add(new Object[] {scope.jobExecutionId(), Timestamp.from(change.at()), scope.tapisUrl(),
                            pair.systemId(), pair.username()});
                }
            }
        });
        batch(DELETE, deletes);
        int[] updated = batch(RESET, resets);
        for (int i = 0; i < updated.length; i++) {
            Pair pair = resetPairs.get(i);
            if (updated[i] < 0) {
                throw new IllegalStateException("The database did not say whether the reset of " + pair.username()
                        + " on " + pair.systemId() + " updated an entry of the credential ledger");
            }
            if (updated[i] == 0) {
                inserts.add(entry(scope, pair, changes.get(pair).at()));
            }
        }
        batch(INSERT, inserts);
    }

    private static Object[] key(ExecutionScope scope, Pair pair) {
        return new Object[] {scope.tapisUrl(), pair.systemId(), pair.username()};
    }

    private static Object[] entry(ExecutionScope scope, Pair pair, Instant createdAt) {
        return new Object[] {scope.tapisUrl(), pair.systemId(), pair.username(), scope.roster(),
                scope.jobExecutionId(), Timestamp.from(createdAt)};
    }

    private int[] batch(String sql, List<Object[]> rows) {
        return rows.isEmpty() ? new int[0] : jdbc.batchUpdate(sql, rows);
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
