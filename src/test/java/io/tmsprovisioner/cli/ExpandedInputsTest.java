package io.tmsprovisioner.cli;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.UsersBySystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpandedInputsTest {
    private static final UsersBySystems SYSTEMS = UsersBySystems.of(List.of("stampede3", "ls6"));

    @TempDir
    Path dir;

    private Path users() throws Exception {
        return Files.writeString(dir.resolve("cohort.csv"), "username\njdoe\nasmith\n");
    }

    private static List<Path> filesUnder(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void thePairsFileIsNamedByItsContentUnderTheUsersFileNameForItsOwnerOnly() throws Exception {
        // given
        Path expanded = dir.resolve("expanded");

        // when
        ExpandedInputs.Expansion written = ExpandedInputs.write(users(), SYSTEMS, expanded);

        // then: DIRECTORY/first 12 hex digits of its SHA-256/cohort.csv, and nothing else
        String sha256 = Samples.sha256(written.file());
        assertThat(written.users()).isEqualTo(2);
        assertThat(written.file()).isEqualTo(expanded.resolve(sha256.substring(0, 12)).resolve("cohort.csv"));
        assertThat(Files.readAllLines(written.file())).hasSize(2 + 4);
        assertThat(filesUnder(expanded)).containsExactly(written.file());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(expanded))).as("made here")
                .isEqualTo("rwx------");
    }

    @Test
    void aPairsFileThatIsThereAlreadyIsLeftAndOneThatChangedIsReplaced() throws Exception {
        // given: a first expansion, made to look old
        Path users = users();
        Path file = ExpandedInputs.write(users, SYSTEMS, dir).file();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);

        // when: the same again
        Path again = ExpandedInputs.write(users, SYSTEMS, dir).file();

        // then: untouched
        assertThat(again).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);

        // when: the file was cut short (a crash of the machine before its data reached the disk)
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, 10));
        Path repaired = ExpandedInputs.write(users, SYSTEMS, dir).file();

        // then: written whole again, and no temporary file left
        assertThat(repaired).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(whole);
        assertThat(filesUnder(dir)).containsExactlyInAnyOrder(users, file);
    }

    @Test
    void aUsersFileThatCannotBeUsedIsAUsageErrorThatLeavesNothingBehind() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "username,system\njdoe,ls6\n");
        Path expanded = dir.resolve("expanded");

        assertThatThrownBy(() -> ExpandedInputs.write(pairs, SYSTEMS, expanded)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Input file " + pairs + ", line 1: the header has a system_id column ('system', "
                        + "column 2)");
        assertThat(filesUnder(expanded)).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsAUsageError() throws Exception {
        Path users = users();
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "");

        assertThatThrownBy(() -> ExpandedInputs.write(users, SYSTEMS, notADirectory)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot write the pairs file of " + users + " in " + notADirectory + ": ")
                .hasMessageEndingWith("Nothing was started; give a directory you may write with --expanded-dir.");
    }
}
