package io.tmsprovisioner.provisioning;

import java.util.HashMap;
import java.util.Map;

/** The attempt journal kept in a map, with a hook to seed what an interrupted run left. */
final class MemoryJournal implements AttemptJournal {
    private final Map<Long, PriorAttempts> entries = new HashMap<>();

    MemoryJournal interrupted(long line, boolean createSent, boolean removed) {
        entries.put(line, new PriorAttempts(true, createSent, removed, null));
        return this;
    }

    MemoryJournal finishedBefore(RowOutcome outcome) {
        entries.put(outcome.lineNumber(), new PriorAttempts(true, false, false, outcome));
        return this;
    }

    @Override
    public PriorAttempts begin(long lineNumber) {
        return entries.getOrDefault(lineNumber, PriorAttempts.NONE);
    }

    @Override
    public void createSent(long lineNumber) {
        PriorAttempts p = begin(lineNumber);
        entries.put(lineNumber, new PriorAttempts(true, true, p.removed(), p.finished()));
    }

    @Override
    public void aboutToRemove(long lineNumber) {
        // nothing to fence: a test has no other run
    }

    @Override
    public void removed(long lineNumber) {
        PriorAttempts p = begin(lineNumber);
        entries.put(lineNumber, new PriorAttempts(true, p.createSent(), true, p.finished()));
    }

    @Override
    public void finished(RowOutcome outcome) {
        PriorAttempts p = begin(outcome.lineNumber());
        entries.put(outcome.lineNumber(), new PriorAttempts(true, p.createSent(), p.removed(), outcome));
    }

    boolean createSentFor(long line) {
        return begin(line).createSent();
    }
}
