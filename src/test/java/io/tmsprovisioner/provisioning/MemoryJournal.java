package io.tmsprovisioner.provisioning;

import java.util.HashMap;
import java.util.Map;

/** The attempt journal kept in a map, with a hook to seed what an interrupted run left. */
final class MemoryJournal implements AttemptJournal {
    private final Map<Long, PriorAttempts> entries = new HashMap<>();

    MemoryJournal interrupted(long line, boolean createSent) {
        entries.put(line, new PriorAttempts(1, createSent));
        return this;
    }

    @Override
    public PriorAttempts begin(long lineNumber) {
        PriorAttempts prior = entries.getOrDefault(lineNumber, PriorAttempts.NONE);
        entries.put(lineNumber, new PriorAttempts(prior.count() + 1, prior.createSent()));
        return prior;
    }

    @Override
    public void createSent(long lineNumber) {
        entries.compute(lineNumber, (line, p) -> new PriorAttempts(p == null ? 1 : p.count(), true));
    }

    boolean createSentFor(long line) {
        return entries.containsKey(line) && entries.get(line).createSent();
    }
}
