package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.repository.CredentialLedger;
import io.tmsprovisioner.repository.CredentialLedger.Pair;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.ProtectedUsers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@code --sync} run removes: the pairs whose credential a run of the same roster on the same tenant
 * created (and no run removed since, see {@link CredentialLedger}) that the file no longer lists, but for
 * protected users. Never a credential the tool did not create. A job instance's pairs are fixed once its rows
 * have all been read ({@link RosterSync}): a resumed run removes those and no others.
 */
@Repository
public class DepartedPairs {
    private final JdbcTemplate jdbc;
    private final CredentialLedger ledger;
    private final TransactionTemplate transactions;

    public DepartedPairs(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ledger = new CredentialLedger(jdbc);
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * What a sync of the file would remove now, for the ceiling checked before a run starts.
     *
     * @return the pairs to remove, and how many pairs of protected users are kept
     */
    private Found find(String tapisUrl, String roster, Path file, Action defaultAction, ProtectedUsers protectedUsers) {
        RosterSync sync = new RosterSync(ledger.createdFor(tapisUrl, roster), protectedUsers);
        try (CsvInput rows = CsvInput.open(file, defaultAction)) {
            for (InputRow row; (row = rows.next()) != null; ) {
                sync.listed(row);
            }
        }
        return sync.found();
    }

    /**
     * What a sync run would remove as it starts, refused when a real run would remove more than its roster allows.
     *
     * @throws RunRefusedException when it would; nothing was started
     */
    public Found requireWithinCeiling(RunRequest request, ProtectedUsers protectedUsers) {
        RunRequest.Roster roster = request.roster();
        Found found = find(request.tapisUrl(), roster.name(), request.inputFile(), request.defaultAction(),
                protectedUsers);
        if (!request.dryRun() && found.pairs().size() > roster.maxRemovals()) {
            throw new RunRefusedException("--sync would remove " + found.pairs().size() + " pair(s) that earlier runs of "
                    + "roster " + roster.name() + " created and the file no longer lists, which with the file's own "
                    + "removes and resets is more than --max-destructive allows (" + roster.maxRemovals() + " left for "
                    + "the sync). Nothing was started. Run it with --dry-run to see them (WOULD_REMOVE, \""
                    + InputRow.LEFT_THE_ROSTER + "\"), then confirm with a higher --max-destructive.");
        }
        return found;
    }

    /** The pairs that left the roster, in system and user order, and the protected users' pairs that stay. */
    public record Found(List<Pair> pairs, long protectedKept) {
    }

    /**
     * The sync of a job instance: the pairs stored by its first execution that read all its rows (also when this
     * one was started without {@code --sync}: it finishes what was begun), or, before one did and when this one
     * syncs, the roster's pairs to be checked off against the file's rows and stored at its end.
     */
    public RosterSync forInstance(long jobInstanceId, boolean sync, String tapisUrl, String roster,
                           ProtectedUsers protectedUsers) {
        List<Long> marker = jdbc.queryForList("SELECT JOB_INSTANCE_ID FROM PROVISIONING_SYNC WHERE JOB_INSTANCE_ID = ?",
                Long.class, jobInstanceId);
        if (!marker.isEmpty()) {
            List<InputRow> stored = jdbc.query("SELECT LINE_NUMBER, USERNAME, SYSTEM_ID FROM PROVISIONING_DEPARTED "
                            + "WHERE JOB_INSTANCE_ID = ? ORDER BY LINE_NUMBER",
                    (rs, n) -> InputRow.departed(rs.getLong(1), rs.getString(2), rs.getString(3)), jobInstanceId);
            return RosterSync.stored(stored);
        }
        if (!sync) {
            return RosterSync.NONE;
        }
        return new RosterSync(ledger.createdFor(tapisUrl, roster), protectedUsers,
                (found, rows) -> store(jobInstanceId, roster, found, rows));
    }

    /** The marker and the rows in one transaction: a run that stops half-way stored nothing. */
    private void store(long jobInstanceId, String roster, Found found, List<InputRow> rows) {
        transactions.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO PROVISIONING_SYNC (JOB_INSTANCE_ID, ROSTER, PROTECTED_KEPT) VALUES (?, ?, ?)",
                    jobInstanceId, roster, found.protectedKept());
            jdbc.batchUpdate("INSERT INTO PROVISIONING_DEPARTED (JOB_INSTANCE_ID, LINE_NUMBER, SYSTEM_ID, USERNAME) "
                    + "VALUES (?, ?, ?, ?)", rows, 500, (ps, row) -> {
                        ps.setLong(1, jobInstanceId);
                        ps.setLong(2, row.lineNumber());
                        ps.setString(3, row.systemId());
                        ps.setString(4, row.username());
                    });
        });
    }

    /**
     * What a sync of the instance did, as its summary tells: the roster, the outcomes of the pairs that left it
     * recorded up to the given execution, and how many protected users' pairs it kept; empty for an instance that
     * did not sync, or did not get to the end of its rows.
     */
    public Optional<Summary> summary(long jobInstanceId, long upToExecutionId) {
        List<Summary> marker = jdbc.query("SELECT ROSTER, PROTECTED_KEPT, (SELECT COUNT(*) FROM PROVISIONING_DEPARTED d "
                        + "WHERE d.JOB_INSTANCE_ID = s.JOB_INSTANCE_ID) FROM PROVISIONING_SYNC s WHERE JOB_INSTANCE_ID = ?",
                (rs, n) -> new Summary(rs.getString(1), rs.getLong(3), new EnumMap<>(Outcome.class), rs.getLong(2)),
                jobInstanceId);
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        Summary summary = marker.get(0);
        jdbc.query("SELECT o.OUTCOME, COUNT(*) FROM PROVISIONING_OUTCOME o JOIN PROVISIONING_DEPARTED d "
                + "ON d.JOB_INSTANCE_ID = o.JOB_INSTANCE_ID AND d.LINE_NUMBER = o.LINE_NUMBER "
                + "WHERE o.JOB_INSTANCE_ID = ? AND o.JOB_EXECUTION_ID <= ? GROUP BY o.OUTCOME", rs -> {
                    summary.outcomes().put(Outcome.valueOf(rs.getString(1)), rs.getLong(2));
                }, jobInstanceId, upToExecutionId);
        return Optional.of(summary);
    }

    /**
     * @param departed      pairs that left the roster
     * @param outcomes      their outcomes recorded so far, by outcome
     * @param protectedKept pairs that left it but are kept, their users being protected
     */
    public record Summary(String roster, long departed, Map<Outcome, Long> outcomes, long protectedKept) {
    }

    /** Rows in the order the pairs were found, numbered from the line after the file's last. */
    static List<InputRow> rows(List<Pair> pairs, long lastLine) {
        List<InputRow> rows = new ArrayList<>(pairs.size());
        long line = lastLine;
        for (Pair pair : pairs) {
            rows.add(InputRow.departed(++line, pair.username(), pair.systemId()));
        }
        return rows;
    }
}
