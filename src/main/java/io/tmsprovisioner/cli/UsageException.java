package io.tmsprovisioner.cli;

/** A usage or configuration error: the message says what to fix; the process exits with code 2. */
public class UsageException extends OneLineFailure {
    public UsageException(String message) {
        super(message, ExitCodes.USAGE);
    }
}
