package io.tmsprovisioner.provisioning;

/**
 * A durable note, kept outside the chunk transaction, of work started on rows whose outcome is not yet
 * committed. After a crash it tells a resumed run that a create may already have been sent, so that
 * no row ever causes two creates (TMS keys are minted anew by each create).
 */
public interface AttemptJournal {

    /** Records that an attempt at this line starts and returns what earlier attempts left behind. */
    PriorAttempts begin(long lineNumber);

    /** Records, durably and before the request leaves, that a create is about to be sent for this line. */
    void createSent(long lineNumber);

    /**
     * @param count      how many attempts started before this one
     * @param createSent whether one of them may have sent a create
     */
    record PriorAttempts(int count, boolean createSent) {
        public static final PriorAttempts NONE = new PriorAttempts(0, false);
    }
}
