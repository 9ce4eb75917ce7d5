/**
 * The command line, and here what it promises its caller (cron, a script, a person): the process exit codes
 * ({@link io.tmsprovisioner.cli.ExitCodes}) and the failures a command ends with in one line and its own code
 * ({@link io.tmsprovisioner.cli.OneLineFailure}: {@link io.tmsprovisioner.cli.UsageException}, exit 2, nothing
 * was started; {@link io.tmsprovisioner.cli.TryAgainException}, exit 1, run the same command later).
 *
 * <p>Its sub-packages, each using only those after it: {@code command} (the entry and the commands with their
 * options), {@code run} (running the job in this process), {@code config} (where settings come from, and the
 * Spring context a command opens) and {@code repository} (which job repository, and the default one's files).
 *
 * <h2>What it may use</h2>
 * The JDK only. Every sub-package may use it; it uses none of them.
 */
package io.tmsprovisioner.cli;
