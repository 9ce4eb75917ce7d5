package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.cli.UsageException;
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
    void thePairsFileTakesTheUsersFilesPlaceUnderTheDirectoryForItsOwnerOnly() throws Exception {
        // given
        Path expanded = dir.resolve("expanded");
        Path users = users();

        // when
        ExpandedInputs.Expansion written = ExpandedInputs.write(users, SYSTEMS, expanded);

        // then: DIRECTORY/the users file's absolute path, and nothing else
        Path file = expanded.resolve(users.toAbsolutePath().toString().substring(1));
        assertThat(written).isEqualTo(new ExpandedInputs.Expansion(file, 2));
        assertThat(Files.readAllLines(file)).hasSize(2 + 4).last().isEqualTo("ls6,asmith,");
        assertThat(filesUnder(expanded)).containsExactly(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        for (Path made = file.getParent(); made.startsWith(expanded); made = made.getParent()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).as("%s", made)
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void theSameUsersFileKeepsItsPlaceWhenItsSystemsOrItsContentChange() throws Exception {
        // given
        Path users = users();
        Path file = ExpandedInputs.write(users, SYSTEMS, dir).file();

        // when
        Path otherSystems = ExpandedInputs.write(users, UsersBySystems.of(List.of("frontera")), dir).file();
        String withOtherSystems = Files.readString(file);
        Files.writeString(users, "username\nnewuser\n");
        Path otherUsers = ExpandedInputs.write(users, SYSTEMS, dir).file();

        // then: one path, whose content follows, as a file of pairs that is edited
        assertThat(otherSystems).isEqualTo(file);
        assertThat(withOtherSystems).endsWith("system_id,username,action\nfrontera,jdoe,\nfrontera,asmith,\n");
        assertThat(otherUsers).isEqualTo(file);
        assertThat(Files.readString(file)).endsWith("system_id,username,action\nstampede3,newuser,\nls6,newuser,\n");
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
        assertThat(filesUnder(dir)).as("no temporary file left").containsExactlyInAnyOrder(users, file);
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
