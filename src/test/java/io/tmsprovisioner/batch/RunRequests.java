package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;

import java.nio.file.Path;

/** The run the tests launch most: a real run of a file as it is now, its size not given, nothing abandoned. */
final class RunRequests {

    private RunRequests() {
    }

    static RunRequest realRun(Path input, Action action, String tapisUrl) {
        return new RunRequest(input, Samples.sha256(input), action, tapisUrl, false, 0, destructive(input, action),
                false);
    }

    /** Whether a row the run would send removes or resets a credential, as the command line's input check tells. */
    private static boolean destructive(Path input, Action action) {
        try (CsvInput rows = CsvInput.open(input, action)) {
            for (InputRow row; (row = rows.next()) != null; ) {
                if (row.verdict() == InputRow.Verdict.VALID && row.action() != Action.ESTABLISH) {
                    return true;
                }
            }
            return false;
        }
    }
}
