/**
 * The project's own tables beside Spring Batch's, and the one place that reads and writes each: outcomes
 * ({@link io.tmsprovisioner.repository.OutcomeRepository}, which also keeps the
 * {@link io.tmsprovisioner.repository.CredentialLedger} of what the tool created, both written under the
 * step's {@link io.tmsprovisioner.repository.ExecutionScope}), the attempt journal and its
 * group commit ({@link io.tmsprovisioner.repository.JdbcAttemptJournal},
 * {@link io.tmsprovisioner.repository.GroupCommit}), the H2 file's durability, and the names of the job and its
 * parameters as the repository records them ({@link io.tmsprovisioner.repository.JobParameterNames}). It uses
 * nothing of the job itself.
 */
package io.tmsprovisioner.repository;
