package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.tmsprovisioner.input.InputRow.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvInputTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("in.csv"), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(byte[]... parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return Files.write(dir.resolve("in.csv"), bytes.toByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<InputRow> readAll(Path file, Action defaultAction) {
        try (CsvInput input = CsvInput.open(file, defaultAction)) {
            List<InputRow> rows = new ArrayList<>();
            for (InputRow row = input.next(); row != null; row = input.next()) {
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<InputRow> readAll(Path file) {
        return readAll(file, Action.ESTABLISH);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertReadFails(Path file) {
        return assertThatThrownBy(() -> readAll(file)).isInstanceOf(InputFileException.class);
    }

    @Test
    void readsRowsWithTheirLineNumbers() throws IOException {
        Path file = write("username,system_id,action\nalice,sys1,\nbob,sys2,remove\n");
        assertThat(readAll(file)).containsExactly(
                InputRow.valid(2, "alice", "sys1", Action.ESTABLISH),
                InputRow.valid(3, "bob", "sys2", Action.REMOVE));
    }

    @Test
    void byteOrderMarkIsStrippedAndDoesNotShiftLines() throws IOException {
        Path file = writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("username,system_id\nalice,s\n"));
        assertThat(readAll(file)).containsExactly(InputRow.valid(2, "alice", "s", Action.ESTABLISH));
    }

    @Test
    void crlfLineEndings() throws IOException {
        Path file = write("username,system_id,action\r\nalice,s,remove\r\n\r\nbob,t\r\n");
        assertThat(readAll(file)).containsExactly(
                InputRow.valid(2, "alice", "s", Action.REMOVE),
                InputRow.valid(4, "bob", "t", Action.ESTABLISH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void quotedCellsKeepCommasAndNewlinesAndLineNumbersStayRight(String eol) throws IOException {
        Path file = write(String.join(eol,
                "username,system_id,action",             // 1
                "\"alice\",\"sys,1\",establish",         // 2
                "\"bob\",\"multi",                       // 3
                "line\",remove",                         // 4
                "carol,s,\"re",                          // 5
                "set\"",                                 // 6
                "\"da\"\"ve\",s",                        // 7
                "erin,\"s\"",                            // 8
                ""));
        assertThat(readAll(file)).containsExactly(
                InputRow.rejected(2, "alice", "sys,1", Action.ESTABLISH,
                        "system_id 'sys,1' has a character not allowed in a Tapis system id (','); allowed: letters, digits, . _ -"),
                InputRow.rejected(3, "bob", "multi\uFFFDline", Action.REMOVE, "system_id contains a control character (U+000A)"),
                InputRow.rejected(5, "carol", "s", null, "action contains a control character (U+000A)"),
                InputRow.rejected(7, "da\"ve", "s", Action.ESTABLISH,
                        "username 'da\"ve' has a character not allowed in a Tapis user name ('\"'); allowed: letters, digits, . _ - @"),
                InputRow.valid(8, "erin", "s", Action.ESTABLISH));
    }

    @Test
    void commentAndBlankLinesAreSkippedBeforeAndAfterTheHeader() throws IOException {
        Path file = write(String.join("\n",
                "# exported 2024-05-01",  // 1
                "",                       // 2
                "  # indented, comment",  // 3
                "username,system_id",     // 4
                "# alice,s",              // 5
                ", ,",                    // 6
                " \t,\t",                 // 7
                "",                       // 8
                "alice,s",                // 9
                ",,",                     // 10
                "bob,t"));                // 11, no final line break
        assertThat(readAll(file)).containsExactly(
                InputRow.valid(9, "alice", "s", Action.ESTABLISH),
                InputRow.valid(11, "bob", "t", Action.ESTABLISH));
    }

    @Test
    void cellsAreTrimmedOfSpacesAndTabs() throws IOException {
        Path file = write("username,system_id,action\n  alice\t, s ,\tReMoVe \n");
        assertThat(readAll(file)).containsExactly(InputRow.valid(2, "alice", "s", Action.REMOVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user,system", " USERNAME , SystemId ", "UserName,SYSTEM_ID", "User,System_Id,"})
    void headerAliasesAndCaseAreAccepted(String header) throws IOException {
        Path file = write(header + "\nalice,s\n");
        try (CsvInput input = CsvInput.open(file, Action.RESET)) {
            assertThat(input.next()).isEqualTo(InputRow.valid(2, "alice", "s", Action.RESET));
        }
    }

    @Test
    void extraColumnsAreIgnoredAndOrderIsFree() throws IOException {
        Path file = write("email,Action,system,note,user\nx@y.org,remove,s,\"hi, there\",alice\n");
        try (CsvInput input = CsvInput.open(file, Action.ESTABLISH)) {
            assertThat(input.next()).isEqualTo(InputRow.valid(2, "alice", "s", Action.REMOVE));
            assertThat(input.next()).isNull();
        }
    }

    @Test
    void withoutAnActionColumnEveryRowTakesTheDefaultAction() throws IOException {
        // the unknown column between the two holds an action's name: it must not be read as the action
        assertThat(readAll(write("username,x,system_id\nalice,remove,s\n"), Action.ESTABLISH))
                .containsExactly(InputRow.valid(2, "alice", "s", Action.ESTABLISH));
    }

    @Test
    void cellsMissingFromAShortRowAreEmpty() throws IOException {
        Path file = write("username,system_id,action\nalice\nbob,s\n");
        assertThat(readAll(file, Action.REMOVE)).containsExactly(
                InputRow.rejected(2, "alice", "", Action.REMOVE, "system_id is empty"),
                InputRow.valid(3, "bob", "s", Action.REMOVE));
    }

    @Test
    void rowActionOverridesTheDefaultAndAnEmptyCellTakesIt() throws IOException {
        Path file = write("username,system_id,action\na,s,\na,t,establish\na,u,RESET\na,v, \na,w,delete\n");
        assertThat(readAll(file, Action.REMOVE)).containsExactly(
                InputRow.valid(2, "a", "s", Action.REMOVE),
                InputRow.valid(3, "a", "t", Action.ESTABLISH),
                InputRow.valid(4, "a", "u", Action.RESET),
                InputRow.valid(5, "a", "v", Action.REMOVE),
                InputRow.rejected(6, "a", "w", null, "action 'delete' is not one of establish, remove, reset"));
    }

    @Test
    void duplicatesFollowFileOrder() throws IOException {
        Path file = write(String.join("\n",
                "username,system_id,action",
                "alice,s,establish",   // 2
                "alice,s,establish",   // 3 repeats 2
                "alice,s,remove",      // 4
                "alice,s,bogus",       // 5 rejected, not "previous"
                "alice,s,remove",      // 6 repeats 4
                "Alice,s,remove",      // 7 another user
                "alice,s,establish",   // 8
                ""));
        assertThat(readAll(file)).extracting(InputRow::lineNumber, InputRow::verdict, InputRow::reason).containsExactly(
                tuple(2L, Verdict.VALID, null),
                tuple(3L, Verdict.DUPLICATE, "repeats line 2 (same user, system and action)"),
                tuple(4L, Verdict.VALID, null),
                tuple(5L, Verdict.REJECTED, "action 'bogus' is not one of establish, remove, reset"),
                tuple(6L, Verdict.DUPLICATE, "repeats line 4 (same user, system and action)"),
                tuple(7L, Verdict.VALID, null),
                tuple(8L, Verdict.VALID, null));
    }

    @Test
    void readingIsDeterministicSoARestartCanSkipRows() throws IOException {
        Path file = write("username,system_id\nalice,s\nbob,s\nalice,s\nbob,s\n\ncarol,s\n");
        List<InputRow> all = readAll(file);
        assertThat(readAll(file)).isEqualTo(all);
        try (CsvInput input = CsvInput.open(file, Action.ESTABLISH)) {
            input.next();
            input.next();
            // The skipped rows rebuilt the duplicate map: line 4 still repeats line 2.
            assertThat(List.of(input.next(), input.next(), input.next())).isEqualTo(all.subList(2, 5));
            assertThat(all.get(2).reason()).isEqualTo("repeats line 2 (same user, system and action)");
            assertThat(input.next()).isNull();
        }
    }

    @Test
    void headerOnlyFileHasNoRows() throws IOException {
        assertThat(readAll(write("username,system_id,action\n"))).isEmpty();
        assertThat(readAll(write("# users\nusername,system_id"))).isEmpty();
    }

    @Test
    void missingRequiredColumnSaysWhatIsMissingFoundAndAccepted() throws IOException {
        Path file = write("# users\nuser,email\nalice,a@b.org\n");
        assertReadFails(file).hasMessage("Input file " + file + ", line 2: the header lacks the required column system_id; "
                + "found: 'user', 'email'. Accepted names (case-insensitive): username (or user), system_id (or system, systemId), "
                + "action (optional). The first line that is not blank or a comment is the header: fix it or add one");
    }

    @Test
    void fileWithoutHeaderTakesTheFirstRowForOneAndSaysSo() throws IOException {
        Path file = write("alice,sys1\n");
        assertReadFails(file).hasMessageStartingWith("Input file " + file + ", line 1: the header lacks the required columns "
                + "username, system_id; found: 'alice', 'sys1'.");
    }

    @Test
    void recognisedColumnTwiceIsAnError() throws IOException {
        Path file = write("username,system_id, User \n");
        assertReadFails(file).hasMessage("Input file " + file + ", line 1: the header has the username column twice: "
                + "'username' (column 1) and 'User' (column 3); keep only one of them");
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path file = write("");
        assertReadFails(file).hasMessage("Input file " + file
                + " is empty; it needs a header row such as username,system_id,action and then one row per user and system");
        assertReadFails(writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})).hasMessageContaining(" is empty;");
    }

    @Test
    void fileOfOnlyCommentsAndBlankLinesIsAnError() throws IOException {
        Path file = write("# nothing yet\n\n , \n");
        assertReadFails(file).hasMessage("Input file " + file
                + " has no header row, only blank or comment lines; add a header such as username,system_id,action");
    }

    @Test
    void missingFileIsAnError() {
        Path file = dir.resolve("nope.csv");
        assertReadFails(file).hasMessage("Input file " + file + " does not exist; check the path");
    }

    @Test
    void directoryIsAnError() {
        assertReadFails(dir).hasMessage("Input file " + dir + " is a directory; give the path of the CSV file itself");
    }

    @Test
    void unreadableFileIsAnError() throws IOException {
        Path file = write("username,system_id\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeThat(Files.isReadable(file)).as("permissions are not enforced for this user (root?)").isFalse();
        assertReadFails(file).hasMessage("Input file " + file + " cannot be read (no read permission); make it readable");
    }

    @Test
    void malformedUtf8NamesTheLine() throws IOException {
        Path file = writeBytes(utf8("username,system_id\nalice,s\n\"bob\",\"x\ny\"\ncarol,"), new byte[] {(byte) 0xE9}, utf8("\ndave,s\n"));
        assertReadFails(file).hasMessage("Input file " + file
                + ", line 5: the file is not valid UTF-8 (bad byte sequence on this line); save it as UTF-8");
    }

    @Test
    void malformedUtf8FarIntoTheFileIsFoundOnItsLineAfterTheRowsBeforeIt() throws IOException {
        String rows = "user_with_a_longish_name,system.with.a.long.id\r\n".repeat(5000);
        Path file = writeBytes(utf8("username,system_id\r\n" + rows + "x"), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\r\n"));
        try (CsvInput input = CsvInput.open(file, Action.ESTABLISH)) {
            assertThat(input.next().lineNumber()).isEqualTo(2);
            assertThatThrownBy(() -> {
                while (input.next() != null) {
                    // read on to the bad bytes
                }
            }).isInstanceOf(InputFileException.class).hasMessageContaining(", line 5002: the file is not valid UTF-8");
        }
    }

    @Test
    void truncatedUtf8AtEndOfFileIsMalformed() throws IOException {
        Path file = writeBytes(utf8("username,system_id\nalice,s\nbob,s"), new byte[] {(byte) 0xC3});
        assertReadFails(file).hasMessageContaining(", line 3: the file is not valid UTF-8");
    }

    @Test
    void latin1HeaderIsMalformedOnLineOne() throws IOException {
        Path file = writeBytes(utf8("username,system_id,r"), new byte[] {(byte) 0xE9}, utf8("le\n"));
        assertReadFails(file).hasMessageContaining(", line 1: the file is not valid UTF-8");
    }

    @Test
    void unclosedQuoteIsAnError() throws IOException {
        Path file = write("username,system_id\nalice,s\nbob,\"s\ncarol,t\n");
        assertReadFails(file).hasMessage("Input file " + file
                + ", line 3: a quoted cell starting here is never closed; add the missing closing quote (\")");
    }

    @Test
    void quotedCellRunningOnTooLongIsAnError() throws IOException {
        Path file = write("username,system_id\nalice,s\nbob,\"s\n" + "carol,t\n".repeat(CsvRecords.MAX_RECORD_LINES + 1));
        assertReadFails(file).hasMessage("Input file " + file
                + ", line 3: a quoted cell starting here runs on for more than 100 lines; add the missing closing quote (\")");
    }

    @Test
    void overlongPhysicalLineIsAnError() throws IOException {
        Path file = write("username,system_id\nalice," + "s".repeat(StrictUtf8Reader.MAX_LINE_CHARS) + "\n");
        assertReadFails(file).hasMessage("Input file " + file
                + ", line 2: the line is longer than 65536 characters; is this really a CSV file of user names and system ids?");
    }

    @Test
    void lineJustUnderTheCapIsReadAndRejectedAsTooLong() throws IOException {
        Path file = write("username,system_id\nalice," + "s".repeat(StrictUtf8Reader.MAX_LINE_CHARS - 6) + "\n");
        assertThat(readAll(file)).singleElement()
                .satisfies(row -> assertThat(row.reason()).isEqualTo("system_id is longer than 80 characters"))
                .satisfies(row -> assertThat(row.systemId()).hasSize(101));
    }
}
