package io.tmsprovisioner.repository;

import io.tmsprovisioner.provisioning.RowOutcome;

/** A row's outcome as the job repository holds it, with the execution that recorded it. */
public record RecordedOutcome(long jobExecutionId, RowOutcome row) {
}
