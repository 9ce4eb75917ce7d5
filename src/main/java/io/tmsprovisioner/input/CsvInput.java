package io.tmsprovisioner.input;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Streams the rows of an input CSV file, each judged VALID, REJECTED or DUPLICATE. Only the
 * duplicate map grows with the file. Reading is deterministic, so a restart can skip the rows it
 * already handled by reading and discarding them (which also rebuilds the duplicate map).
 */
public final class CsvInput implements AutoCloseable {

    private final CsvRecords records;
    private final RowValidator validator;
    private final DuplicateDetector duplicates = new DuplicateDetector();
    private final HeaderMapping columns;

    private CsvInput(CsvRecords records, Action defaultAction) {
        this.records = records;
        this.validator = new RowValidator(defaultAction);
        this.columns = records.header("username,system_id,action", "one row per user and system", HeaderMapping::of);
    }

    /**
     * Opens the file and reads its header.
     *
     * @param defaultAction the action of rows whose action cell is empty or absent
     * @throws InputFileException when the file or its header cannot be used (also for bad UTF-8 or an
     *                            unclosed quote found while reading ahead)
     */
    public static CsvInput open(Path file, Action defaultAction) {
        return open(file, defaultAction, UnaryOperator.identity());
    }

    /**
     * As {@link #open(Path, Action)}, reading the file's bytes through {@code tap} (a digest, say), which sees
     * every byte once the input has been read to its end.
     */
    public static CsvInput open(Path file, Action defaultAction, UnaryOperator<InputStream> tap) {
        CsvRecords records = CsvRecords.open(file, tap);
        try {
            return new CsvInput(records, defaultAction);
        } catch (RuntimeException e) {
            closeAfter(records, e);
            throw e;
        }
    }

    /** Closes {@code records} after {@code failure}, keeping a failure to close as suppressed. */
    private static void closeAfter(CsvRecords records, RuntimeException failure) {
        try {
            records.close();
        } catch (UncheckedIOException closing) {
            failure.addSuppressed(closing);
        }
    }

    /**
     * The next data row, judged; null at the end of the file.
     *
     * @throws InputFileException when the rest of the file cannot be read (bad UTF-8, unclosed quote)
     */
    public InputRow next() {
        CsvRecords.Record record = records.next();
        if (record == null) {
            return null;
        }
        String[] cells = record.cells();
        return duplicates.check(validator.validate(record.lineNumber(),
                columns.username(cells), columns.systemId(cells), columns.action(cells)));
    }

    @Override
    public void close() {
        records.close();
    }
}
