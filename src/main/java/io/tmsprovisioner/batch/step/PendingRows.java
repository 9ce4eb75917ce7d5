package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputChangedException;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.input.LineSet;
import io.tmsprovisioner.input.OpenedContent;

import java.nio.file.Path;
import java.util.Iterator;

/**
 * The input's rows a run still has to do: every row of the file is read, in order (the duplicate
 * detection depends on every earlier row), and those whose line an earlier execution of the job instance
 * recorded are passed over. The outcomes are the record, so rows committed in any order are resumed right.
 *
 * <p>The job instance is the content it was started with (its SHA-256), but the file is opened again by
 * path: content edited since (between a failure and the resume, or while the run reads) would be recorded
 * under the old identity, with journal notes applied to other lines. So the content is hashed when the rows
 * are opened, and read through {@link OpenedContent#checked}: no row is handed out unless its bytes are the
 * ones hashed then, and none past the length hashed then (rows appended during the run end it instead).
 *
 * <p>A run that syncs its roster ({@link RosterSync}) has more rows after the file's: the pairs that left it.
 */
public final class PendingRows implements RowPipeline.RowSource {
    private final Path file;
    private final String sha256;
    private final LineSet recorded;
    private final Action defaultAction;
    private final RosterSync sync;
    private CsvInput input;
    private long recordedSeen;
    private long lastLine;
    private Iterator<InputRow> departed;

    /**
     * @param sha256   the content's SHA-256 that identifies the job instance
     * @param recorded the lines of the job instance that have an outcome
     */
    public PendingRows(Path file, String sha256, Action defaultAction, LineSet recorded) {
        this(file, sha256, defaultAction, recorded, RosterSync.NONE);
    }

    public PendingRows(Path file, String sha256, Action defaultAction, LineSet recorded, RosterSync sync) {
        this.file = file;
        this.sha256 = sha256;
        this.defaultAction = defaultAction;
        this.recorded = recorded;
        this.sync = sync;
    }

    /**
     * @throws InputChangedException when the file's content is not the instance's: checked before the first row,
     *                               and for every block of the file before any row read from it
     */
    @Override
    public InputRow next() {
        if (input == null) {
            input = open();
        }
        InputRow row;
        while (departed == null && (row = input.next()) != null) {
            sync.listed(row);
            lastLine = row.lineNumber();
            if (!recorded.contains(row.lineNumber())) {
                return row;
            }
            recordedSeen++;
        }
        if (departed == null) {
            departed = sync.departedRows(lastLine).iterator();
        }
        while (departed.hasNext()) {
            row = departed.next();
            if (!recorded.contains(row.lineNumber())) {
                return row;
            }
            recordedSeen++;
        }
        if (recordedSeen != recorded.size()) {
            throw new IllegalStateException("The input " + file + " has no data row on " + (recorded.size()
                    - recordedSeen) + " line(s) for which an earlier execution of this job recorded an outcome: it "
                    + "is not the file that execution read.");
        }
        return null;
    }

    private CsvInput open() {
        OpenedContent content = OpenedContent.of(file);
        if (!content.sha256().equals(sha256)) {
            throw new InputChangedException(file, "its content's SHA-256 is now " + content.sha256().substring(0, 12)
                    + "..., the instance's " + sha256.substring(0, 12) + "...");
        }
        return CsvInput.open(file, defaultAction, content::checked);
    }

    @Override
    public void close() {
        if (input != null) {
            input.close();
        }
    }
}
