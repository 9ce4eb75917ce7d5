package io.tmsprovisioner.cli;

/**
 * Something outside the tool failed, and may pass: Tapis did not answer the login, a report could not
 * be written (a full disk). The message says what; the process exits with code 1, so that a scheduler
 * runs the same command again later.
 */
class TryAgainException extends OneLineFailure {
    TryAgainException(String message) {
        super(message, ExitCodes.JOB_FAILED);
    }
}
