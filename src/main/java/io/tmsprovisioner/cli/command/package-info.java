/**
 * The command line: its entry ({@link io.tmsprovisioner.cli.command.TmsProvisionerCli}, which parses first and
 * then starts only what the chosen command needs), one class per command ({@code run}, {@code status},
 * {@code report}, {@code history}, {@code prune}, {@code stop} and {@code abandon} (with what those two share,
 * {@link io.tmsprovisioner.cli.command.ExecutionControlCommand}), {@code demo}, {@code simulator}), and the
 * options they share: {@link io.tmsprovisioner.cli.command.RunOptions} and
 * {@link io.tmsprovisioner.cli.command.SystemsOption} (mixins of {@code run} and {@code demo}), the {@code --format},
 * {@code --action} and duration readers. A command checks its options, then delegates: {@code run} and
 * {@code demo} to {@code cli.run}, the others to what reads or tidies the repository ({@code batch},
 * {@code report}, {@code retention}).
 *
 * <h2>What it may use</h2>
 * Everything below it: {@code cli.run}, {@code cli.config}, {@code cli.repository}, the exit codes and failures of
 * {@code io.tmsprovisioner.cli}, and the tool's other packages. Nothing uses it but {@code io.tmsprovisioner.Main}.
 */
package io.tmsprovisioner.cli.command;
