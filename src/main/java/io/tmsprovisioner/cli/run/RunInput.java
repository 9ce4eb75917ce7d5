package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.input.UsersBySystems;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The file a run reads, and how to speak of it to the administrator: their own file of (user, system) pairs,
 * or the pairs file expanded from a file of users and {@code --systems}, which the job runs (and resumes, and
 * reports) exactly as if they had written it.
 */
public sealed interface RunInput {

    /** What the job reads. */
    Path file();

    /** The input as the administrator gave it, e.g. for a refusal. */
    String name();

    /** The input and its size, for the run's first line. */
    String describe(long rows);

    /** Says after the summary what the summary's input is, when it is not the administrator's own file. */
    void explain(PrintWriter out);

    /**
     * @param systems   {@code --systems}, or null for a file of pairs
     * @param directory where a pairs file expanded from a file of users goes
     */
    static RunInput of(Path input, List<String> systems, Path directory) {
        if (systems == null) {
            return new Pairs(input);
        }
        UsersBySystems expansion;
        try {
            expansion = UsersBySystems.of(systems);
        } catch (IllegalArgumentException unusable) {
            throw new UsageException(unusable.getMessage() + ".");
        }
        ExpandedInputs.Expansion written = ExpandedInputs.write(input, expansion, directory);
        return new Expanded(written.file(), input, expansion.systems(), written.users());
    }

    record Pairs(Path file) implements RunInput {
        @Override
        public String name() {
            return file.toString();
        }

        @Override
        public String describe(long rows) {
            return rows + " row(s) of " + file;
        }

        @Override
        public void explain(PrintWriter out) {
            // the summary names the administrator's own file
        }
    }

    /** @param users how many users {@code usersFile} has */
    record Expanded(Path file, Path usersFile, List<String> systems, long users) implements RunInput {
        @Override
        public String name() {
            return usersFile + " × " + systems.size() + " system(s)";
        }

        @Override
        public String describe(long rows) {
            return users + " user(s) × " + systems.size() + " system(s) = " + rows + " row(s) of " + usersFile
                    + " (expanded to " + file + ")";
        }

        @Override
        public void explain(PrintWriter out) {
            out.printf("Users × systems: the input above is %s expanded to one row per user and system (%s); the "
                            + "report's lines are its lines, and its leftovers name the pairs: run them with --input, "
                            + "without --systems.%n",
                    usersFile, String.join(", ", systems));
        }
    }
}
