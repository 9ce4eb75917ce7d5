/**
 * Where a command's settings come from, and the Spring context it starts with them: the settings' sources in
 * their order of precedence ({@link io.tmsprovisioner.cli.config.ConfigSources}), which fill in every option left
 * off the command line ({@link io.tmsprovisioner.cli.config.ConfigDefaults}) and make the environment of every
 * context ({@link io.tmsprovisioner.cli.config.ApplicationContexts}), so that a setting resolves the same wherever
 * it is read; where Tapis is and how to log in to it ({@link io.tmsprovisioner.cli.config.TapisSettings}, with
 * {@link io.tmsprovisioner.cli.config.PasswordFile}); and what a command gets of its surroundings
 * ({@link io.tmsprovisioner.cli.config.CliContext}: the environment, these sources, the output streams).
 *
 * <h2>What it may use</h2>
 * Spring Boot's binding and application builder, picocli's default value provider, the application classes of
 * {@code io.tmsprovisioner}, {@code tapis}' credential types, {@code cli.repository} (the repository a context
 * opens) and the exit's failures in {@code io.tmsprovisioner.cli}. Nothing of {@code cli.command} or
 * {@code cli.run}: they read their settings from here.
 */
package io.tmsprovisioner.cli.config;
