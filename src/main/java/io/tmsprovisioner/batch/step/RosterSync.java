package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.repository.CredentialLedger.Pair;
import io.tmsprovisioner.batch.step.DepartedPairs.Found;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.ProtectedUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The sync of one run's rows: every row the file lists checks its pair off the roster's credentials, and at
 * the end of the file what is left (protected users aside) are the pairs that left the roster, done as remove
 * rows after the file's last line. Holds only the roster's credentials, never the file's pairs.
 */
final class RosterSync {
    /** For a run that does not sync: no row after the file's. */
    static final RosterSync NONE = stored(List.of());

    private final Set<Pair> unlisted;
    private final ProtectedUsers protectedUsers;
    private final BiConsumer<Found, List<InputRow>> store;
    private final List<InputRow> stored;

    /** Checks the roster's pairs off against the file; stores nothing. */
    RosterSync(TreeSet<Pair> createdForRoster, ProtectedUsers protectedUsers) {
        this(createdForRoster, protectedUsers, (found, rows) -> { });
    }

    /** @param store told, once, the pairs found at the end of the file and the rows that do them */
    RosterSync(TreeSet<Pair> createdForRoster, ProtectedUsers protectedUsers, BiConsumer<Found, List<InputRow>> store) {
        this.unlisted = createdForRoster;
        this.protectedUsers = protectedUsers;
        this.store = store;
        this.stored = null;
    }

    private RosterSync(List<InputRow> stored) {
        this.unlisted = Set.of();
        this.protectedUsers = ProtectedUsers.of(List.of());
        this.store = null;
        this.stored = stored;
    }

    /** The rows an earlier execution of the instance found and stored. */
    static RosterSync stored(List<InputRow> rows) {
        return new RosterSync(List.copyOf(rows));
    }

    /**
     * A row of the file, whatever its verdict: a pair the file names is not removed as departed, even on a row
     * rejected for another cell.
     */
    void listed(InputRow row) {
        if (stored == null && row.systemId() != null && row.username() != null) {
            unlisted.remove(new Pair(row.systemId(), row.username()));
        }
    }

    /** What the file's rows left: the pairs to remove and the protected ones kept. */
    Found found() {
        List<Pair> departed = new ArrayList<>();
        long kept = 0;
        for (Pair pair : unlisted) {
            if (protectedUsers.protects(pair.username())) {
                kept++;
            } else {
                departed.add(pair);
            }
        }
        return new Found(departed, kept);
    }

    /**
     * The remove rows of the pairs that left the roster, numbered from the line after {@code lastLine}; found and
     * stored the first time, the stored ones after.
     */
    List<InputRow> departedRows(long lastLine) {
        if (stored != null) {
            return stored;
        }
        Found found = found();
        List<InputRow> rows = DepartedPairs.rows(found.pairs(), lastLine);
        store.accept(found, rows);
        return rows;
    }
}
