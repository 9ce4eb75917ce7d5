package io.tmsprovisioner.provisioning;

/**
 * A call's retries ran out and Tapis answers nothing else either: the job stops (resumable) rather than
 * mark every remaining row FAILED.
 */
public class TapisOutageException extends RuntimeException {
    public TapisOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
