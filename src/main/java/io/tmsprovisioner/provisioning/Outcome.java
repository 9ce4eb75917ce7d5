package io.tmsprovisioner.provisioning;

import java.util.List;

/** What happened to one data line. The names are what the job repository and the reports record. */
public enum Outcome {
    /** establish: the credential exists and Tapis validated it; nothing was changed. */
    ALREADY_PRESENT,
    /** establish: the credential was missing (or the host refused it) and TMS keys were created and verified. */
    CREATED,
    /** establish or reset on a system whose default authentication is not TMS_KEYS: nothing was changed. */
    NOT_TMS,
    /** remove: the stored credential was removed (or there was none). */
    REMOVED,
    /** reset: the credential was removed and new TMS keys were created and verified. */
    RESET,
    /** Tapis refused a call for this row; the message says which and why. */
    FAILED,
    /**
     * establish or reset: TMS keys were created and stored, and Tapis could not reach the host to verify them.
     * A later run checks them and mints nothing new while they are stored.
     */
    UNVERIFIED,
    /**
     * establish or reset: TMS keys were created and stored, and the host refuses them (no account there yet,
     * sshd not set up for TMS). Later runs mint nothing more for the pair while the host refuses its key.
     */
    KEYS_REFUSED,
    /** The row is invalid and was never sent to Tapis. */
    REJECTED,
    /** The row repeats the previous row of the same user and system with the same action; not sent. */
    DUPLICATE,
    /**
     * establish with {@code --reverify-after}: an earlier run found the credential working, recently enough that
     * it is not the pair's turn to be checked again; nothing was sent.
     */
    RECENTLY_VERIFIED,
    /** Dry run, establish: the credential is missing and the system uses TMS_KEYS; a real run would create keys. */
    WOULD_CREATE,
    /** Dry run, remove: a real run would remove the credential. */
    WOULD_REMOVE,
    /** Dry run, reset on a TMS_KEYS system: a real run would remove the credential and create new keys. */
    WOULD_RESET;

    private static final List<Outcome> REAL_RUN = List.of(ALREADY_PRESENT, RECENTLY_VERIFIED, CREATED, NOT_TMS,
            REMOVED, RESET, FAILED, UNVERIFIED, KEYS_REFUSED, REJECTED, DUPLICATE);
    private static final List<Outcome> DRY_RUN = List.of(ALREADY_PRESENT, RECENTLY_VERIFIED, WOULD_CREATE,
            NOT_TMS, WOULD_REMOVE, WOULD_RESET, FAILED, REJECTED, DUPLICATE);

    /** The outcomes a real run, or a dry run, can record, in the order reports show them. */
    public static List<Outcome> recordedBy(boolean dryRun) {
        return dryRun ? DRY_RUN : REAL_RUN;
    }

    /** Outcomes that need an administrator's attention and make the run exit with code 3. */
    public boolean needsAttention() {
        return this == FAILED || this == REJECTED || this == UNVERIFIED || this == KEYS_REFUSED;
    }
}
