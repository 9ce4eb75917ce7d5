package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;

import java.nio.file.Path;

/** The run the tests launch most: a real run of a file as it is now, its size not given, nothing abandoned. */
final class RunRequests {

    private RunRequests() {
    }

    static RunRequest realRun(Path input, Action action, String tapisUrl) {
        return new RunRequest(input, Samples.sha256(input), action, tapisUrl, false, 0, false);
    }
}
