package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.tmsprovisioner.input.InputRow.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsersBySystemsTest {

    private static final UsersBySystems THREE = UsersBySystems.of(List.of("stampede3", "frontera", "ls6"));
    private static final String COMMENT = "# tms-provisioner run --systems: each user of users.csv on each of 3 system(s), "
            + "in this order: stampede3, frontera, ls6\n";

    @TempDir
    Path dir;

    private Path users(String text) throws IOException {
        return Files.writeString(dir.resolve("users.csv"), text, StandardCharsets.UTF_8);
    }

    private static String expand(UsersBySystems systems, Path users) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        systems.expand(users, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The expanded file read as the run reads its input. */
    private List<InputRow> readAsInput(String expanded, Action defaultAction) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), expanded, StandardCharsets.UTF_8);
        List<InputRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(pairs, defaultAction)) {
            for (InputRow row = input.next(); row != null; row = input.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void eachUserGetsARowPerSystemInTheGivenOrderUserByUserKeepingTheirAction() throws IOException {
        // given: aliases, an extra column, actions in some rows only
        Path users = users("email,Action,User\njd@x.org,,jdoe\nas@x.org,reset,asmith\npc@x.org, ReMoVe ,pchen\n");

        // when
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long count = THREE.expand(users, out);
        String expanded = out.toString(StandardCharsets.UTF_8);

        // then
        assertThat(count).isEqualTo(3);
        assertThat(expanded).isEqualTo(COMMENT + """
                system_id,username,action
                stampede3,jdoe,
                frontera,jdoe,
                ls6,jdoe,
                stampede3,asmith,reset
                frontera,asmith,reset
                ls6,asmith,reset
                stampede3,pchen,ReMoVe
                frontera,pchen,ReMoVe
                ls6,pchen,ReMoVe
                """);
        assertThat(readAsInput(expanded, Action.ESTABLISH)).containsExactly(
                InputRow.valid(3, "jdoe", "stampede3", Action.ESTABLISH),
                InputRow.valid(4, "jdoe", "frontera", Action.ESTABLISH),
                InputRow.valid(5, "jdoe", "ls6", Action.ESTABLISH),
                InputRow.valid(6, "asmith", "stampede3", Action.RESET),
                InputRow.valid(7, "asmith", "frontera", Action.RESET),
                InputRow.valid(8, "asmith", "ls6", Action.RESET),
                InputRow.valid(9, "pchen", "stampede3", Action.REMOVE),
                InputRow.valid(10, "pchen", "frontera", Action.REMOVE),
                InputRow.valid(11, "pchen", "ls6", Action.REMOVE));
    }

    @Test
    void aFileWithoutAnActionColumnGivesRowsOfTheRunsDefaultAction() throws IOException {
        Path users = users("username\njdoe\n");

        String expanded = expand(UsersBySystems.of(List.of("ls6")), users);

        assertThat(expanded).endsWith("system_id,username,action\nls6,jdoe,\n");
        assertThat(readAsInput(expanded, Action.RESET)).containsExactly(InputRow.valid(3, "jdoe", "ls6", Action.RESET));
    }

    @Test
    void theUsersFileIsReadByTheRulesOfEveryInputFile() throws IOException {
        // given: a BOM, CRLF, comments and blank lines before and after the header, quoted cells
        Path users = users("\uFEFF# cohort of May\r\n\r\nusername,action\r\n# not a user\r\n\"jdoe\",\r\n , \r\n"
                + "\"as,mith\",\"re\r\nset\"\r\n\"da\"\"ve\",remove\r\n");

        // when
        String expanded = expand(UsersBySystems.of(List.of("stampede3", "ls6")), users);

        // then: every data row, its cells as read (a line break in a quoted cell reads as LF), quoted again where
        // they must be
        assertThat(expanded).endsWith("system_id,username,action\n"
                + "stampede3,jdoe,\nls6,jdoe,\n"
                + "stampede3,\"as,mith\",\"re\nset\"\nls6,\"as,mith\",\"re\nset\"\n"
                + "stampede3,\"da\"\"ve\",remove\nls6,\"da\"\"ve\",remove\n");
        assertThat(readAsInput(expanded, Action.ESTABLISH))
                .extracting(InputRow::lineNumber, InputRow::username, InputRow::systemId, InputRow::verdict)
                .containsExactly(
                        tuple(3L, "jdoe", "stampede3", Verdict.VALID),
                        tuple(4L, "jdoe", "ls6", Verdict.VALID),
                        tuple(5L, "as,mith", "stampede3", Verdict.REJECTED),
                        tuple(7L, "as,mith", "ls6", Verdict.REJECTED),
                        tuple(9L, "da\"ve", "stampede3", Verdict.REJECTED),
                        tuple(10L, "da\"ve", "ls6", Verdict.REJECTED));
    }

    @Test
    void badCellsAreCopiedAsTheyAreSoTheirRowsAreRejectedAsInAFileOfPairs() throws IOException {
        // given: the same users and actions as a file of users and as a file of pairs whose rows start on the same
        // lines; the user name is not the first column, so "#hash" is a user name here and not a comment
        List<String> cells = List.of(",j doe", ",..", "reset,", "delete,bking", ",#hash", ",é", ",a\u0007b", ",jdoe", ",jdoe");
        Path users = users("action,username\n" + String.join("\n", cells) + "\n");
        List<String> pairs = new ArrayList<>(List.of("# pairs", "action,username,system_id"));
        cells.forEach(row -> pairs.add(row + ",stampede3"));

        // when
        List<InputRow> expanded = readAsInput(expand(UsersBySystems.of(List.of("stampede3")), users), Action.ESTABLISH);
        List<InputRow> written = readAsInput(String.join("\n", pairs) + "\n", Action.ESTABLISH);

        // then: the same rows, verdicts and reasons, a repeated user DUPLICATE
        assertThat(expanded).isEqualTo(written);
        assertThat(expanded).extracting(InputRow::verdict).containsExactly(Verdict.REJECTED, Verdict.REJECTED,
                Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED,
                Verdict.VALID, Verdict.DUPLICATE);
        assertThat(expanded.get(0).reason()).isEqualTo("username 'j doe' has a character not allowed in a Tapis user "
                + "name (' '); allowed: letters, digits, . _ - @");
        assertThat(expanded.get(4).reason()).contains("username '#hash' has a character not allowed");
    }

    @Test
    void theSameUsersAndSystemsAlwaysGiveTheSameBytes() throws IOException {
        Path users = users("username,action\njdoe,\n\"as,mith\",reset\n");

        String first = expand(THREE, users);
        String again = expand(UsersBySystems.of(List.of(" stampede3", "frontera ", "ls6")), users);
        String otherOrder = expand(UsersBySystems.of(List.of("ls6", "frontera", "stampede3")), users);

        assertThat(again).isEqualTo(first);
        assertThat(otherOrder).isNotEqualTo(first);
    }

    @Test
    void aFileOfOnlyAHeaderHasNoUsers() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long count = THREE.expand(users("# nobody yet\nusername\n"), out);

        assertThat(count).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(COMMENT + "system_id,username,action\n");
    }

    @Test
    void aUsersFileNameThatCouldBreakTheCommentLineIsShownSafely() throws IOException {
        Path users = Files.writeString(dir.resolve("cohort\nsystem_id,username\nls6,x.csv"), "username\njdoe\n");

        String expanded = expand(UsersBySystems.of(List.of("stampede3")), users);

        assertThat(expanded).startsWith("# tms-provisioner run --systems: each user of cohort\uFFFDsystem_id,username"
                + "\uFFFDls6,x.csv on each of 1 system(s)");
        assertThat(readAsInput(expanded, Action.ESTABLISH)).containsExactly(
                InputRow.valid(3, "jdoe", "stampede3", Action.ESTABLISH));
    }

    /**
     * 200,000 users (2.2 MB) generated as they are read, and an output that keeps nothing: each time output
     * arrives, the users file must have been read only a few buffers ahead of the users it has written.
     */
    @Test
    void theUsersFileIsStreamedAndNeverHeldInMemory() {
        // given
        int users = 200_000;
        GeneratedUsers source = new GeneratedUsers(users);
        LineCounter sink = new LineCounter(source::produced);

        // when
        long count = UsersBySystems.of(List.of("stampede3", "ls6"))
                .expand(CsvRecords.of(Path.of("generated.csv"), source), Path.of("generated.csv"), sink);

        // then
        assertThat(count).isEqualTo(users);
        assertThat(sink.lines).isEqualTo(2 + 2L * users);
        assertThat(sink.mostReadAhead).as("bytes of the users file read beyond the users written")
                .isPositive().isLessThan(32 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"system_id", "System", "systemId"})
    void aUsersFileWithASystemColumnIsRefusedNamingIt(String column) throws IOException {
        Path users = users("# users\nusername," + column + "\njdoe,ls6\n");

        assertThatThrownBy(() -> expand(THREE, users)).isInstanceOf(InputFileException.class)
                .hasMessage("Input file " + users + ", line 2: the header has a system_id column ('" + column
                        + "', column 2), but --systems (or tms.systems) names the systems of every user; run this file "
                        + "of pairs without --systems, or remove that column to provision each user on every listed system");
    }

    @Test
    void aUsersFileWithoutAUsernameColumnOrEmptyIsRefused() throws IOException {
        Path noUsername = users("email,action\njd@x.org,\n");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");

        assertThatThrownBy(() -> expand(THREE, noUsername)).isInstanceOf(InputFileException.class)
                .hasMessage("Input file " + noUsername + ", line 1: the header lacks the required column username; "
                        + "found: 'email', 'action'. Accepted names (case-insensitive): username (or user), action "
                        + "(optional). The first line that is not blank or a comment is the header: fix it or add one");
        assertThatThrownBy(() -> expand(THREE, empty)).isInstanceOf(InputFileException.class)
                .hasMessage("Input file " + empty + " is empty; it needs a header row such as username,action and then "
                        + "one row per user");
        assertThatThrownBy(() -> expand(THREE, dir.resolve("missing.csv"))).isInstanceOf(InputFileException.class)
                .hasMessageEndingWith("missing.csv does not exist; check the path");
    }

    @Test
    void systemsAreJudgedAsSystemIdCellsAre() {
        assertThatThrownBy(() -> UsersBySystems.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems names no system; give one or more system ids, separated by commas");
        assertThatThrownBy(() -> UsersBySystems.of(List.of("ls6", " "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems, system 2: is empty; separate the system ids by single commas");
        assertThatThrownBy(() -> UsersBySystems.of(List.of("ls6", "my system"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems, system 2: system_id 'my system' has a character not allowed in a Tapis system id "
                        + "(' '); allowed: letters, digits, . _ -");
        assertThatThrownBy(() -> UsersBySystems.of(List.of("..", "ls6"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--systems, system 1: system_id '..' is made only of dots");
        assertThatThrownBy(() -> UsersBySystems.of(List.of("ls\n6"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems, system 1: system_id contains a control character (U+000A)");
        assertThatThrownBy(() -> UsersBySystems.of(List.of("s".repeat(81)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems, system 1: system_id is longer than 80 characters");
    }

    @Test
    void aSystemNamedTwiceIsAnError() {
        assertThatThrownBy(() -> UsersBySystems.of(List.of("stampede3", "ls6", " stampede3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--systems names stampede3 twice (systems 1 and 3); name each system once");
        assertThat(UsersBySystems.of(List.of(" ls6 ", "LS6")).systems()).as("ids are trimmed, and exact")
                .containsExactly("ls6", "LS6");
    }

    /** A users file made as it is read: a header, then user000000, user000001, ... one per line. */
    private static final class GeneratedUsers extends InputStream {
        private final int users;
        private byte[] line = "username\n".getBytes(StandardCharsets.US_ASCII);
        private int next;
        private int at;
        private long produced;

        GeneratedUsers(int users) {
            this.users = users;
        }

        long produced() {
            return produced;
        }

        @Override
        public int read() {
            if (at == line.length) {
                if (next == users) {
                    return -1;
                }
                line = String.format("user%06d\n", next++).getBytes(StandardCharsets.US_ASCII);
                at = 0;
            }
            produced++;
            return line[at++];
        }
    }

    /** Counts the lines written and, each time output arrives, how far the users file was read beyond them. */
    private static final class LineCounter extends OutputStream {
        private static final int HEADER_BYTES = "username\n".length();
        private static final int USER_BYTES = "user000000\n".length();

        private final LongSupplier read;
        long lines;
        long mostReadAhead;

        LineCounter(LongSupplier read) {
            this.read = read;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                lines += bytes[i] == '\n' ? 1 : 0;
            }
            long usersWritten = Math.max(0, lines - 2) / 2;
            mostReadAhead = Math.max(mostReadAhead, read.getAsLong() - HEADER_BYTES - usersWritten * USER_BYTES);
        }
    }
}
