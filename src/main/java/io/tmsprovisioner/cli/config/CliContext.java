package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.TryAgainException;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may use of its surroundings: the environment, the settings' sources (the environment among
 * them) and the two output streams.
 */
public record CliContext(Map<String, String> env, ConfigSources configuration, PrintWriter out, PrintWriter err) {

    /**
     * Flushes standard output, and fails the command when anything written to it was lost: a {@link PrintWriter}
     * only records that it failed (a full disk behind a redirection).
     *
     * @param what what was written, as the message's subject ("The report of execution 12")
     * @throws TryAgainException when it was lost
     */
    public void requireOutWritten(String what) {
        out.flush();
        if (out.checkError()) {
            throw new TryAgainException(what + " could not be written to standard output: what was written is "
                    + "incomplete.");
        }
    }
}
