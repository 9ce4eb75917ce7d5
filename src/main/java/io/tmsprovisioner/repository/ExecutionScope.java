package io.tmsprovisioner.repository;

/**
 * The execution whose outcomes {@link OutcomeRepository#insert} records, and the tenant and roster it runs for, as
 * its job parameters say ({@link JobParameterNames#TAPIS_URL}, {@link JobParameterNames#ROSTER}): the step knows
 * them, so the repository need not read them back.
 *
 * @param roster the roster the execution's file is; null for an execution launched without one (by an earlier
 *               version), whose outcomes the {@link CredentialLedger} does not note
 */
public record ExecutionScope(long jobInstanceId, long jobExecutionId, String tapisUrl, String roster) {
}
