package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.Action;

import java.time.Instant;

/**
 * The recorded result of one data line.
 *
 * @param httpStatus  the HTTP status of the refusing call, for FAILED rows; null otherwise
 * @param tapisCode   the Tapis message code of the refusing call, for FAILED rows; null otherwise
 * @param attempts    how many executions started work on this row (more than 1 after an interrupted run)
 */
public record RowOutcome(long lineNumber, String username, String systemId, Action action, Outcome outcome,
                         Integer httpStatus, String tapisCode, String message, int attempts, long durationMillis,
                         Instant recordedAt) {

    /** Tapis's code for a host it could not reach. */
    public static final String HOST_UNREACHABLE = "SYSLIB_CRED_CONN_FAIL";

    /**
     * Whether the row was decided without a call about its credential: never sent (REJECTED, DUPLICATE), or
     * skipped because the run had given its host up (FAILED {@value #HOST_UNREACHABLE} with no HTTP status, as no
     * answer of its own said so). Such a row tells nothing new about how Tapis answers.
     */
    public boolean skipped() {
        return outcome == Outcome.REJECTED || outcome == Outcome.DUPLICATE
                || outcome == Outcome.FAILED && httpStatus == null && HOST_UNREACHABLE.equals(tapisCode);
    }
}
