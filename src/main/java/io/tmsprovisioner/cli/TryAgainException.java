package io.tmsprovisioner.cli;

/**
 * Something outside the tool failed, and may pass: Tapis did not answer the login, a report could not
 * be written (a full disk). The message says what; the process exits with code 1, so that a scheduler
 * runs the same command again later.
 */
public class TryAgainException extends OneLineFailure {
    /** @param message what failed, and that the same command may be run again later */
    public TryAgainException(String message) {
        super(message, ExitCodes.JOB_FAILED);
    }
}
