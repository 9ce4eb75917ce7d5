/**
 * What establish, remove and reset do for one row, in plain Java. The rules are decisions that call no Tapis
 * ({@link io.tmsprovisioner.provisioning.Rules#next}: what is {@link io.tmsprovisioner.provisioning.Known} of a
 * row → its next {@link io.tmsprovisioner.provisioning.Step}, a call or the {@link io.tmsprovisioner.provisioning.Result});
 * the {@link io.tmsprovisioner.provisioning.Provisioner} carries them out, the one place that calls Tapis for a
 * row, through {@code provisioning.calls}, and tells the {@link io.tmsprovisioner.provisioning.AttemptJournal}
 * before a create or remove is sent. Beside them: what earlier runs left ({@code PairHistory},
 * {@code ReverifySchedule}), what is known of the tenant ({@code SystemDirectory}, {@code CredentialListing}),
 * and the outcome types the batch records.
 *
 * <p>Uses {@code tapis}, {@code input} (the row) and {@code provisioning.calls}; never the batch, the repository
 * or the CLI, which use it.
 */
package io.tmsprovisioner.provisioning;
