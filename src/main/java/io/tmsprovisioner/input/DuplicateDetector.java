package io.tmsprovisioner.input;

import java.util.HashMap;
import java.util.Map;

/**
 * Marks a VALID row DUPLICATE when it asks for the same action as the previous VALID row of the
 * same (username, system_id) pair: rows of a pair take effect in file order, so only a repeat of
 * the action in force is redundant (establish, remove, establish does three things).
 */
final class DuplicateDetector {

    /** The action in force for a pair and the line that set it. */
    private record InForce(Action action, long lineNumber) {
    }

    /** The one structure that grows with the file: one short key per distinct pair. */
    private final Map<String, InForce> inForce = new HashMap<>();

    InputRow check(InputRow row) {
        if (row.verdict() != InputRow.Verdict.VALID) {
            return row;
        }
        // '/' cannot occur in a valid username or system id, so the key is unambiguous.
        String key = row.username() + '/' + row.systemId();
        InForce previous = inForce.get(key);
        if (previous != null && previous.action() == row.action()) {
            return InputRow.duplicate(row.lineNumber(), row.username(), row.systemId(), row.action(),
                    "repeats line " + previous.lineNumber() + " (same user, system and action)");
        }
        inForce.put(key, new InForce(row.action(), row.lineNumber()));
        return row;
    }
}
