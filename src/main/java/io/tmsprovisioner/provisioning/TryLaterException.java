package io.tmsprovisioner.provisioning;

/**
 * A row's Tapis calls were given up after transient failures, on its first try in the run: rather than record
 * it FAILED, the run tries it once more at its end (a host or gateway in trouble for a while may be back by
 * then), and records what that try comes to.
 */
public final class TryLaterException extends RuntimeException {
    public TryLaterException(String failure) {
        super(failure, null, false, false);
    }
}
