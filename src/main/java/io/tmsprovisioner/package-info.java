/**
 * The jar's entry point ({@link io.tmsprovisioner.Main}) and the two Spring contexts a command may start:
 * {@link io.tmsprovisioner.ProvisioningApplication} for {@code run}, {@link io.tmsprovisioner.RepositoryApplication}
 * for the commands that only read or tidy the job repository. The README's "Layout" lists the packages below and
 * what each may use; {@code ArchitectureTest} checks it.
 */
package io.tmsprovisioner;
