package io.tmsprovisioner.tapis;

/**
 * Tapis cannot serve this run now: a call's retries ran out and Tapis answers nothing else either, or
 * Tapis asks to wait longer than a run should (a {@code Retry-After} beyond 5 minutes or unreadable, or
 * a rate limit that let no call through for too long). The job stops (resumable) rather than mark every
 * remaining row FAILED or sleep for hours. The message never contains a token or password.
 */
public class TapisOutageException extends RuntimeException {
    public TapisOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
