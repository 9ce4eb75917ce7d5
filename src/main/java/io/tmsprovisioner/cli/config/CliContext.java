package io.tmsprovisioner.cli.config;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may use of its surroundings: the environment, the settings' sources (the environment among
 * them) and the two output streams.
 */
public record CliContext(Map<String, String> env, ConfigSources configuration, PrintWriter out, PrintWriter err) {
}
