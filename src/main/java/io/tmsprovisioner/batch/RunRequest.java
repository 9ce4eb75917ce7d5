package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;

import java.nio.file.Path;

/** What the administrator asked to run; the last three fields identify the job instance. */
public record RunRequest(Path inputFile, String inputSha256, Action defaultAction, String tapisUrl) {
}
