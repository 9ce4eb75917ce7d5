package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;

import java.nio.file.Path;

/**
 * What the administrator asked to run. The content's hash, the default action, the Tapis URL and
 * whether it is a dry run identify the job instance.
 *
 * @param rows              the number of data rows, for progress reports (0 when unknown)
 * @param abandonUnfinished whether an unfinished run of another content of the same file may be marked ABANDONED
 *                          for this one to start (see {@link ProvisioningLauncher})
 */
public record RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl, boolean dryRun,
                         long rows, boolean abandonUnfinished) {

    public RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl, boolean dryRun,
                      long rows) {
        this(inputFile, inputSha256, defaultAction, tapisUrl, dryRun, rows, false);
    }

    /** A real run whose size is not known up front. */
    public RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl) {
        this(inputFile, inputSha256, defaultAction, tapisUrl, false, 0);
    }
}
