/**
 * Launching the provisioning job so that running the same command again does the right thing:
 * {@link io.tmsprovisioner.batch.launch.ProvisioningLauncher} resumes the request's latest job instance or starts a
 * new one (its sequence from {@link io.tmsprovisioner.batch.launch.InstanceSequence}), lets an establish-only roster
 * supersede its unfinished run ({@link io.tmsprovisioner.batch.launch.UnfinishedRuns}), refuses a second run of the
 * same job (each launch holds its request's {@link io.tmsprovisioner.batch.launch.LaunchLock} until its execution exists),
 * and has an execution whose owner died recovered first. {@link io.tmsprovisioner.batch.launch.ExecutionControl}
 * stops or abandons an execution from any host. It may use the ownership package and the repository's tables,
 * never the step.
 */
package io.tmsprovisioner.batch.launch;
