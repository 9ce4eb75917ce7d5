package io.tmsprovisioner.provisioning.calls;

/**
 * The run is ending and this row gave up before it finished, rather than wait to retry a call. Nothing is
 * recorded for it; what it did to Tapis is in the attempt journal, and a resumed run finishes it.
 */
public class RowAbandonedException extends RuntimeException {
    RowAbandonedException(String message, Throwable cause) {
        super(message, cause);
    }
}
