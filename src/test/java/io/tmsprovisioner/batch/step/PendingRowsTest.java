package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.repository.CredentialLedger;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputChangedException;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.input.LineSet;
import io.tmsprovisioner.provisioning.ProtectedUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rows a run still has to do, read from a file whose content must stay its job instance's. */
class PendingRowsTest {
    @TempDir
    Path dir;

    private Path file(int users) throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int user = 0; user < users; user++) {
            lines.add("user" + user + ",stampede3");
        }
        return Files.write(dir.resolve("cohort.csv"), lines);
    }

    private static List<Long> lines(PendingRows rows) {
        List<Long> lines = new ArrayList<>();
        for (InputRow row; (row = rows.next()) != null; ) {
            lines.add(row.lineNumber());
        }
        return lines;
    }

    /** Reads to the end, or to a failure, keeping the user of each row handed out. */
    private static void readAll(PendingRows rows, List<String> handedOut) {
        for (InputRow row; (row = rows.next()) != null; ) {
            handedOut.add(row.username());
        }
    }

    @Test
    void linesRecordedInAnyOrderArePassedOver() throws Exception {
        Path file = file(6);
        LineSet recorded = new LineSet();
        recorded.add(3);
        recorded.add(6);

        try (PendingRows rows = new PendingRows(file, Samples.sha256(file), Action.ESTABLISH, recorded)) {
            assertThat(lines(rows)).containsExactly(2L, 4L, 5L, 7L);
        }
    }

    @Test
    void theRosterPairsTheFileNoLongerListsComeAfterItsRowsAsRemovesAndAreStoredOnce() throws Exception {
        Path file = file(3); // user0..user2 on stampede3, lines 2..4
        TreeSet<CredentialLedger.Pair> created = new TreeSet<>(List.of(new CredentialLedger.Pair("stampede3", "user1"),
                new CredentialLedger.Pair("stampede3", "user7"), new CredentialLedger.Pair("frontera", "user0"),
                new CredentialLedger.Pair("stampede3", "svc-backup")));
        List<List<InputRow>> stored = new ArrayList<>();
        RosterSync sync = new RosterSync(created, ProtectedUsers.of(List.of("svc-*")),
                (found, rows) -> stored.add(rows));

        List<InputRow> handedOut = new ArrayList<>();
        try (PendingRows rows = new PendingRows(file, Samples.sha256(file), Action.ESTABLISH, new LineSet(), sync)) {
            for (InputRow row; (row = rows.next()) != null; ) {
                handedOut.add(row);
            }
        }

        assertThat(handedOut).extracting(InputRow::lineNumber).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(handedOut.subList(3, 5)).containsExactly(InputRow.departed(5, "user0", "frontera"),
                InputRow.departed(6, "user7", "stampede3"));
        assertThat(handedOut.get(3).action()).isEqualTo(Action.REMOVE);
        assertThat(handedOut.get(3).reason()).isEqualTo("left the roster");
        assertThat(stored).containsExactly(handedOut.subList(3, 5));
    }

    @Test
    void aResumedSyncDoesTheStoredPairsItHasNoOutcomeFor() throws Exception {
        Path file = file(3);
        LineSet recorded = new LineSet();
        recorded.add(2);
        recorded.add(5);
        RosterSync stored = RosterSync.stored(List.of(InputRow.departed(5, "user0", "frontera"),
                InputRow.departed(6, "user7", "stampede3")));

        try (PendingRows rows = new PendingRows(file, Samples.sha256(file), Action.ESTABLISH, recorded, stored)) {
            assertThat(lines(rows)).containsExactly(3L, 4L, 6L);
        }
    }

    @Test
    void aFileWhoseContentIsNotTheInstancesIsRefusedBeforeItsFirstRow() throws Exception {
        Path file = file(6);
        String started = Samples.sha256(file);
        Files.writeString(file, "username,system_id\nmallory,stampede3\n");

        try (PendingRows rows = new PendingRows(file, started, Action.ESTABLISH, new LineSet())) {
            assertThatThrownBy(rows::next).isInstanceOf(InputChangedException.class)
                    .hasMessageContaining(file + " changed since this job instance was started");
        }
    }

    @Test
    void aFileEditedWhileItIsReadEndsTheRunBeforeAnyRowOfTheEditedPart() throws Exception {
        // given: a file far larger than what the reader reads ahead
        Path file = file(20_000);
        String started = Samples.sha256(file);
        List<String> handedOut = new ArrayList<>();
        try (PendingRows rows = new PendingRows(file, started, Action.ESTABLISH, new LineSet())) {
            for (int n = 0; n < 10; n++) {
                handedOut.add(rows.next().username());
            }

            // when: a row far ahead is changed in place while it is read
            List<String> edited = new ArrayList<>(Files.readAllLines(file));
            edited.set(19_000, "mallory99,stampede3"); // as long as the row it replaces
            Files.write(file, edited);

            // then: the rows before the edited part are handed out, none after it
            assertThatThrownBy(() -> readAll(rows, handedOut)).isInstanceOf(InputChangedException.class)
                    .hasMessageMatching("The input .*cohort.csv changed since this job instance was started \\(its "
                            + "bytes \\d+ to \\d+ are not those the run started with\\): no row of the changed content "
                            + "was carried out.*");
        }
        assertThat(handedOut).hasSizeGreaterThan(10).hasSizeLessThan(19_000).doesNotContain("mallory");
    }

    @Test
    void rowsAppendedWhileTheFileIsReadAreNeverHandedOutAndEndTheRun() throws Exception {
        // given: a file far larger than what the reader reads ahead, opened and its first row read
        Path file = file(20_000);
        String started = Samples.sha256(file);
        long length = Files.size(file);
        List<String> handedOut = new ArrayList<>();
        try (PendingRows rows = new PendingRows(file, started, Action.ESTABLISH, new LineSet())) {
            handedOut.add(rows.next().username());

            // when: rows are appended
            Files.writeString(file, "mallory,stampede3\neve,stampede3\n", StandardOpenOption.APPEND);

            // then: rows of the content the run started with (not those still in the reader's buffer when it met
            // the growth), and then the end of the run
            assertThatThrownBy(() -> readAll(rows, handedOut)).isInstanceOf(InputChangedException.class)
                    .hasMessageContaining(file + " changed since this job instance was started (it grew past the "
                            + length + " bytes the run started with)");
        }
        assertThat(handedOut).hasSizeGreaterThan(19_000).doesNotContain("mallory", "eve");
    }

    @Test
    void aFileCutShortWhileItIsReadEndsTheRun() throws Exception {
        Path file = file(20_000);
        try (PendingRows rows = new PendingRows(file, Samples.sha256(file), Action.ESTABLISH, new LineSet())) {
            rows.next();

            Files.write(file, Files.readAllLines(file).subList(0, 10_000));

            assertThatThrownBy(() -> lines(rows)).isInstanceOf(InputChangedException.class)
                    .hasMessageContaining("bytes the run started with");
        }
    }

    @Test
    void recordedLinesTheFileDoesNotHaveMeanItIsNotTheFileThatWasRead() throws Exception {
        Path file = file(3);
        LineSet recorded = new LineSet();
        recorded.add(9);

        try (PendingRows rows = new PendingRows(file, Samples.sha256(file), Action.ESTABLISH, recorded)) {
            assertThatThrownBy(() -> lines(rows)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no data row on 1 line(s)");
        }
    }
}
