package io.tmsprovisioner.provisioning;

/**
 * Rows keep failing for one reason that is not theirs (see {@link FailureStreak}): the job stops
 * (resumable) rather than mark every remaining row FAILED.
 */
public class SystematicFailureException extends RuntimeException {
    public SystematicFailureException(String message) {
        super(message);
    }
}
