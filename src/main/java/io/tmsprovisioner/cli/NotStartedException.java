package io.tmsprovisioner.cli;

/**
 * Nothing was started, for a reason outside the tool that may pass (Tapis did not answer): the message
 * says so, and the process exits with code 1, so that a scheduler runs the same command again later.
 */
class NotStartedException extends OneLineFailure {
    NotStartedException(String message) {
        super(message, ExitCodes.JOB_FAILED);
    }
}
