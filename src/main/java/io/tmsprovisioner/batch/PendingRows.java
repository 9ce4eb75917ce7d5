package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;

import java.nio.file.Path;
import java.util.BitSet;

/**
 * The input's rows a run still has to do: every row of the file is read, in order (the duplicate
 * detection depends on every earlier row), and those whose line an earlier execution of the job instance
 * recorded are passed over. The outcomes are the record, so rows committed in any order are resumed right.
 */
final class PendingRows implements RowPipeline.RowSource {
    private final Path file;
    private final BitSet recorded;
    private final CsvInput input;
    private int recordedSeen;

    /** @param recorded the lines of the job instance that have an outcome */
    PendingRows(Path file, Action defaultAction, BitSet recorded) {
        this.file = file;
        this.recorded = recorded;
        this.input = CsvInput.open(file, defaultAction);
    }

    @Override
    public InputRow next() {
        InputRow row;
        while ((row = input.next()) != null) {
            if (row.lineNumber() > Integer.MAX_VALUE || !recorded.get((int) row.lineNumber())) {
                return row;
            }
            recordedSeen++;
        }
        if (recordedSeen != recorded.cardinality()) {
            throw new IllegalStateException("The input " + file + " has no data row on " + (recorded.cardinality()
                    - recordedSeen) + " line(s) for which an earlier execution of this job recorded an outcome: it "
                    + "is not the file that execution read.");
        }
        return null;
    }

    @Override
    public void close() {
        input.close();
    }
}
