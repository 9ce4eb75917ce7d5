package io.tmsprovisioner.tapis;

/**
 * Tapis could not be reached, or its answer was lost (I/O error, timeout, dropped connection).
 * Whether the call took effect is unknown.
 */
public class TapisUnavailableException extends RuntimeException {
    public TapisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
