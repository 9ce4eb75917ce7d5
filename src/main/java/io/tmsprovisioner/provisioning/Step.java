package io.tmsprovisioner.provisioning;

/**
 * What {@link Rules} decide a row does next: a call to Tapis, whose answer the {@link Provisioner} adds to what is
 * {@link Known} of the row, or the row's result.
 */
sealed interface Step {

    /**
     * What a result of this step's failure (a refusal, or retries run out) says before the failure: what the row
     * had done by then.
     */
    default String failureContext() {
        return "";
    }

    /** Whether the step belongs to the row's change of Tapis: a dry run stops at the first (see {@link Rules}). */
    default boolean partOfChange() {
        return false;
    }

    /** Ask Tapis's listing of the user's systems with a credential (when the run uses it) whether it names this one. */
    record AskListing() implements Step {
    }

    /** The system's definition, and whether this run gave its host up. */
    record GetSystem() implements Step {
    }

    /** Check what is stored for the pair. */
    record Check() implements Step {
    }

    /** A reset that an interrupted attempt left after it may have sent its create: check what that left. */
    record CheckEarlierCreate() implements Step {
        @Override
        public boolean partOfChange() {
            return true;
        }
    }

    /** Remove the pair's credential; never twice for a row (an earlier attempt's remove stands). */
    record Remove() implements Step {
        @Override
        public boolean partOfChange() {
            return true;
        }
    }

    /** Create TMS keys for the pair, at most once. */
    record Create(String failureContext) implements Step {
        @Override
        public boolean partOfChange() {
            return true;
        }
    }

    /** Check the keys just created on the host. */
    record Verify(String failureContext) implements Step {
    }

    /** The row's result: nothing more is sent. */
    record Done(Result result) implements Step {
    }
}
