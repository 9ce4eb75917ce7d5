package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.input.Action;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunRequestTest {
    private static RunRequest request(String tapisUrl) {
        return new RunRequest(Path.of("cohort.csv"), "ab".repeat(32), Action.ESTABLISH, tapisUrl, false, 10, false, false);
    }

    @Test
    void equivalentTapisUrlsNameTheSameJobInstance() {
        RunRequest typed = request("https://DesignSafe.tapis.io:443/");

        assertThat(typed.parameters(1).getIdentifyingParameters())
                .isEqualTo(request("https://designsafe.tapis.io").parameters(1).getIdentifyingParameters());
        assertThat(typed.tapisUrl()).as("as the summary shows it").isEqualTo("https://designsafe.tapis.io");
    }
}
