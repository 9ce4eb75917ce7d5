package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.ContentHash;
import io.tmsprovisioner.input.InputRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

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

    @Test
    void linesRecordedInAnyOrderArePassedOver() throws Exception {
        Path file = file(6);
        BitSet recorded = new BitSet();
        recorded.set(3);
        recorded.set(6);

        try (PendingRows rows = new PendingRows(file, ContentHash.of(file), Action.ESTABLISH, recorded)) {
            assertThat(lines(rows)).containsExactly(2L, 4L, 5L, 7L);
        }
    }

    @Test
    void aFileWhoseContentIsNotTheInstancesIsRefusedBeforeItsFirstRow() throws Exception {
        Path file = file(6);
        String started = ContentHash.of(file);
        Files.writeString(file, "username,system_id\nmallory,stampede3\n");

        try (PendingRows rows = new PendingRows(file, started, Action.ESTABLISH, new BitSet())) {
            assertThatThrownBy(rows::next).isInstanceOf(InputChangedException.class)
                    .hasMessageContaining(file + " changed since this job instance was started");
        }
    }

    @Test
    void aFileEditedWhileItIsReadIsRefusedWhenItsEndIsReached() throws Exception {
        // given: a file far larger than what the reader reads ahead
        Path file = file(20_000);
        String started = ContentHash.of(file);
        try (PendingRows rows = new PendingRows(file, started, Action.ESTABLISH, new BitSet())) {
            for (int n = 0; n < 10; n++) {
                rows.next();
            }

            // when: its rows are changed in place while it is read
            List<String> edited = new ArrayList<>(Files.readAllLines(file));
            edited.set(19_000, "mallory,stampede3");
            Files.write(file, edited);

            // then
            assertThatThrownBy(() -> lines(rows)).isInstanceOf(InputChangedException.class);
        }
    }

    @Test
    void recordedLinesTheFileDoesNotHaveMeanItIsNotTheFileThatWasRead() throws Exception {
        Path file = file(3);
        BitSet recorded = new BitSet();
        recorded.set(9);

        try (PendingRows rows = new PendingRows(file, ContentHash.of(file), Action.ESTABLISH, recorded)) {
            assertThatThrownBy(() -> lines(rows)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no data row on 1 line(s)");
        }
    }
}
