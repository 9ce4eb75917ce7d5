package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.run.RunInput;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** The systems a file of users is provisioned on: shared by {@code run} and {@code demo}. */
public class SystemsOption {
    @Option(names = "--systems", split = ",", paramLabel = "SYSTEM",
            description = {"Provision every user of --input on each of these systems, comma-separated, in this order. "
                    + "The file then has a username (or user) column, an optional action column, and no system_id "
                    + "column. It is expanded first into a file of pairs, one row per user and system, user by user, "
                    + "which is what runs, resumes and is reported (its path is the report's input)."})
    List<String> systems;

    /** The run's input: {@code file} itself, or its pairs with these systems, expanded into {@code directory}. */
    RunInput input(Path file, Path directory) {
        return RunInput.of(file, systems, directory);
    }
}
