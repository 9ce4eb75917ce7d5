package io.tmsprovisioner.provisioning;

/**
 * A durable note, kept outside the chunk transaction, of work done on rows whose outcome is not yet
 * committed. After a crash it tells a resumed run what the interrupted one already did to Tapis, so
 * that a row is never done twice: a create may already have minted keys, a remove may already have
 * been followed by a later row's create, a finished row's result stands as it was.
 */
public interface AttemptJournal {

    /** What earlier attempts did on this line: interrupted executions, or this run's first try of it. */
    PriorAttempts begin(long lineNumber);

    /**
     * Records, durably and before the request leaves, that a create is about to be sent for this line; and
     * confirms that this run may still change Tapis.
     */
    void createSent(long lineNumber);

    /** Confirms, before the request leaves, that this run may still change Tapis: a remove is about to be sent. */
    void aboutToRemove(long lineNumber);

    /** Records, durably, that this line's remove is done. */
    void removed(long lineNumber);

    /**
     * Records, durably, a row's result before it reaches the chunk's commit, for a resumed run to keep
     * instead of redoing the row (the batch layer calls it when a later row of the pair is about to act).
     */
    void finished(RowOutcome outcome);

    /**
     * @param started    whether an earlier execution did any of the below
     * @param createSent whether one of them may have sent a create
     * @param removed    whether one of them completed the row's remove
     * @param finished   the result one of them reached, or null
     */
    record PriorAttempts(boolean started, boolean createSent, boolean removed, RowOutcome finished) {
        public static final PriorAttempts NONE = new PriorAttempts(false, false, false, null);
    }
}
