package io.tmsprovisioner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryOptionsTest {

    @Test
    void theDefaultRepositoryIsAnH2FileInADirectoryOnlyItsOwnerCanRead(@TempDir Path home) throws Exception {
        String url = RepositoryOptions.defaultUrl(home.toString());

        Path directory = home.resolve(".tms-provisioner");
        assertThat(url).isEqualTo("jdbc:h2:file:" + directory.resolve("repository") + ";AUTO_SERVER=TRUE");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }
}
