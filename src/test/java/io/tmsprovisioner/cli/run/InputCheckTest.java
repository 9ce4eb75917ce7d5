package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.input.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputCheckTest {
    @TempDir
    Path dir;

    @Test
    void fingerprintsEveryByteOfTheFileWhileCountingItsRows() throws Exception {
        // a BOM, CRLF, quoted cells, and a comment and blank lines after the last row
        Path file = Files.writeString(dir.resolve("cohort.csv"),
                "\uFEFFusername,system_id\r\njdoe,stampede3\r\n\"asmith\",\"frontera\"\r\n# done\r\n\r\n\r\n");

        InputCheck check = InputCheck.of(file, Action.ESTABLISH);

        assertThat(check.rows()).isEqualTo(2);
        assertThat(check.sha256()).isEqualTo(Samples.sha256(file));
        assertThat(InputCheck.of(Samples.ONBOARDING, Action.ESTABLISH).sha256()).isEqualTo(Samples.sha256(Samples.ONBOARDING));
    }

    @Test
    void aFileThatCannotBeUsedIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("no-header.csv"), "jdoe,stampede3\n");

        assertThatThrownBy(() -> InputCheck.of(file, Action.ESTABLISH)).isInstanceOf(UsageException.class);
    }
}
