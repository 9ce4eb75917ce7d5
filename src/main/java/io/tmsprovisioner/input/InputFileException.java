package io.tmsprovisioner.input;

/** The input file as a whole cannot be used (missing, unreadable, empty, bad header): a usage error. */
public class InputFileException extends RuntimeException {
    public InputFileException(String message) {
        super(message);
    }

    public InputFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
