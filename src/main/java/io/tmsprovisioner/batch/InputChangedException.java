package io.tmsprovisioner.batch;

import java.nio.file.Path;

/**
 * The input file's content is not the one its job instance was started with: edited between a failure
 * and the resume, or while the run read it. Nothing more is done under the old identity; a usage error.
 */
public class InputChangedException extends RuntimeException {
    public InputChangedException(Path file, String expectedSha256, String foundSha256) {
        super("The input " + file + " changed since this job instance was started (its content's SHA-256 is now "
                + foundSha256.substring(0, 12) + "..., the instance's " + expectedSha256.substring(0, 12)
                + "...): nothing more was done for it. Put the original content back and run the same command to "
                + "resume, or run the changed file as a new run with --abandon-unfinished.");
    }
}
