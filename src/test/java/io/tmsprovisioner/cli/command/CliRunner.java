package io.tmsprovisioner.cli.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in this JVM with a given environment and captures what it prints. */
public final class CliRunner {

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TmsProvisionerCli.with(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private CliRunner() {
    }
}
