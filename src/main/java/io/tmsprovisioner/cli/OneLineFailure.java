package io.tmsprovisioner.cli;

/** A failure the CLI reports as its message alone, on one line, and ends with its own exit code. */
public abstract class OneLineFailure extends RuntimeException {
    private final int exitCode;

    OneLineFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure ends the command with. */
    public int exitCode() {
        return exitCode;
    }
}
