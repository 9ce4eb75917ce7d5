package io.tmsprovisioner.input;

import java.nio.file.Path;

/**
 * The input file's content is not the one its job instance was started with: edited between a failure
 * and the resume, or while the run read it. No row of the changed content is carried out; a usage error.
 */
public class InputChangedException extends RuntimeException {
    /** @param change what is not as it was, e.g. "it grew past the 4096 bytes the run started with" */
    public InputChangedException(Path file, String change) {
        super("The input " + file + " changed since this job instance was started (" + change + "): no row of the "
                + "changed content was carried out. Put the original content back and run the same command to "
                + "resume, or run the changed file as a new run with --abandon-unfinished.");
    }
}
