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
}
