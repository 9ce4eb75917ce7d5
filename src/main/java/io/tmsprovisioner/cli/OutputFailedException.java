package io.tmsprovisioner.cli;

/**
 * What a command was to write could not be written (a full disk): the message says where, and the
 * process exits with code 1, as for any failure the same command may get past when run again.
 */
class OutputFailedException extends OneLineFailure {
    OutputFailedException(String message) {
        super(message, ExitCodes.JOB_FAILED);
    }
}
