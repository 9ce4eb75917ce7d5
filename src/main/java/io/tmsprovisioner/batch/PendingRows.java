package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.ContentHash;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * The input's rows a run still has to do: every row of the file is read, in order (the duplicate
 * detection depends on every earlier row), and those whose line an earlier execution of the job instance
 * recorded are passed over. The outcomes are the record, so rows committed in any order are resumed right.
 *
 * <p>The job instance is the content it was started with (its SHA-256), but the file is opened again by
 * path: content edited since (between a failure and the resume, or while the run reads) would be recorded
 * under the old identity, with journal notes applied to other lines. So the content is checked when the
 * rows are opened, and again, as read, when the last row has been read; a mismatch ends the run.
 */
final class PendingRows implements RowPipeline.RowSource {
    private final Path file;
    private final String sha256;
    private final BitSet recorded;
    private final Action defaultAction;
    private final ContentHash read = new ContentHash();
    private CsvInput input;
    private int recordedSeen;

    /**
     * @param sha256   the content's SHA-256 that identifies the job instance
     * @param recorded the lines of the job instance that have an outcome
     */
    PendingRows(Path file, String sha256, Action defaultAction, BitSet recorded) {
        this.file = file;
        this.sha256 = sha256;
        this.defaultAction = defaultAction;
        this.recorded = recorded;
    }

    private void requireContent(String found) {
        if (!found.equals(sha256)) {
            throw new InputChangedException(file, sha256, found);
        }
    }

    /**
     * @throws InputChangedException when the file's content is not the instance's, checked before the first row
     *                               and after the last
     */
    @Override
    public InputRow next() {
        if (input == null) {
            requireContent(ContentHash.of(file));
            input = CsvInput.open(file, defaultAction, read::tap);
        }
        InputRow row;
        while ((row = input.next()) != null) {
            if (row.lineNumber() > Integer.MAX_VALUE || !recorded.get((int) row.lineNumber())) {
                return row;
            }
            recordedSeen++;
        }
        requireContent(read.hex());
        if (recordedSeen != recorded.cardinality()) {
            throw new IllegalStateException("The input " + file + " has no data row on " + (recorded.cardinality()
                    - recordedSeen) + " line(s) for which an earlier execution of this job recorded an outcome: it "
                    + "is not the file that execution read.");
        }
        return null;
    }

    @Override
    public void close() {
        if (input != null) {
            input.close();
        }
    }
}
