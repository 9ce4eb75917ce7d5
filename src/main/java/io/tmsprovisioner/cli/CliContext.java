package io.tmsprovisioner.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What a command may use of its surroundings: the environment and the two output streams. */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
}
