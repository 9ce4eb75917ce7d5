/**
 * Which job repository a command opens, and the safety of the default one's files: the {@code --repository-url}
 * option every command accepts ({@link io.tmsprovisioner.cli.repository.RepositoryOptions}); the H2 file database
 * in {@code ~/.tms-provisioner} used when none is configured, its generated password and its loopback-only server
 * ({@link io.tmsprovisioner.cli.repository.DefaultRepository}); the Spring side that makes its files owner-only
 * before the pool opens them ({@link io.tmsprovisioner.cli.repository.RepositoryFiles}); and the owner-only file
 * modes ({@link io.tmsprovisioner.cli.repository.FileModes}), which the password file and the expanded inputs
 * use too.
 *
 * <h2>What it may use</h2>
 * The JDK (JDBC, NIO file attributes), H2 through JDBC, Hikari and Spring's {@code BeanPostProcessor}, picocli's
 * annotations, {@code io.tmsprovisioner.tapis.Secret}, and the exit's failures in {@code io.tmsprovisioner.cli}.
 * Nothing of the other {@code cli} packages: configuration ({@code cli.config}) opens the repository with what is
 * here, never the other way round.
 */
package io.tmsprovisioner.cli.repository;
