/**
 * Running the provisioning job in this process, for {@code run} and {@code demo}: what the run reads, checked
 * whole before anything starts ({@link io.tmsprovisioner.cli.run.RunInput}, the administrator's file or the pairs
 * file {@link io.tmsprovisioner.cli.run.ExpandedInputs} writes; {@link io.tmsprovisioner.cli.run.InputCheck}, its
 * hash, size and destructive rows); the launch, its summary and its exit code
 * ({@link io.tmsprovisioner.cli.run.JobRunner}); and the process around the run: SIGTERM and Ctrl-C
 * ({@link io.tmsprovisioner.cli.run.TerminationSignals}), the progress line
 * ({@link io.tmsprovisioner.cli.run.ProgressLine}) and the heap's peak
 * ({@link io.tmsprovisioner.cli.run.HeapWatch}).
 *
 * <h2>What it may use</h2>
 * The job's launcher and figures ({@code batch}), {@code input}, {@code metrics}, {@code report},
 * {@code tapis}, {@code provisioning}'s retry policy, {@code cli.config} (the context it starts),
 * {@code cli.repository} (the repository option and owner-only files) and the exit codes and failures of
 * {@code io.tmsprovisioner.cli}.
 * Nothing of {@code cli.command}: the commands parse the options and hand a run what it needs.
 */
package io.tmsprovisioner.cli.run;
