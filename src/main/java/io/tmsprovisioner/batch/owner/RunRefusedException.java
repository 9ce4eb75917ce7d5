package io.tmsprovisioner.batch.owner;

/** The run cannot start as asked (for instance, a live process owns the job instance): a usage error. */
public class RunRefusedException extends RuntimeException {
    public RunRefusedException(String message) {
        super(message);
    }

    /** @param cause what Spring Batch or the database said when the other run won the race */
    public RunRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
