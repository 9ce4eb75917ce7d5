package io.tmsprovisioner.input;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvMalformedLineException;
import com.opencsv.exceptions.CsvMultilineLimitBrokenException;
import com.opencsv.exceptions.CsvValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Streams the rows of an input CSV file, each judged VALID, REJECTED or DUPLICATE. Only the
 * duplicate map grows with the file. Reading is deterministic, so a restart can skip the rows it
 * already handled by reading and discarding them (which also rebuilds the duplicate map).
 */
public final class CsvInput implements AutoCloseable {

    /** A quoted cell running on longer than this is taken for a missing closing quote. */
    static final int MAX_RECORD_LINES = 100;

    /** One CSV record and the physical line it starts on. */
    private record Record(long lineNumber, String[] cells) {
    }

    private final Path file;
    private final CSVReader csv;
    private final RowValidator validator;
    private final DuplicateDetector duplicates = new DuplicateDetector();
    private final HeaderMapping columns;

    private CsvInput(Path file, CSVReader csv, Action defaultAction) {
        this.file = file;
        this.csv = csv;
        this.validator = new RowValidator(defaultAction);
        this.columns = readHeader();
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
        if (!Files.exists(file)) {
            throw new InputFileException("Input file " + file + " does not exist; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new InputFileException("Input file " + file + " is a directory; give the path of the CSV file itself");
        }
        if (!Files.isReadable(file)) {
            throw new InputFileException("Input file " + file + " cannot be read (no read permission); make it readable");
        }
        CSVReader csv;
        try {
            csv = new CSVReaderBuilder(new StrictUtf8Reader(tap.apply(Files.newInputStream(file))))
                    .withCSVParser(new RFC4180ParserBuilder().build())
                    .withMultilineLimit(MAX_RECORD_LINES)
                    // Its look-ahead check takes a read error for end of file: a bad byte would silently end the input.
                    .withVerifyReader(false)
                    .build();
        } catch (IOException e) {
            throw new InputFileException("Input file " + file + " cannot be opened: " + e.getMessage(), e);
        }
        try {
            return new CsvInput(file, csv, defaultAction);
        } catch (RuntimeException e) {
            try {
                csv.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Where the recognised columns are. */
    public HeaderMapping columns() {
        return columns;
    }

    /**
     * The next data row, judged; null at the end of the file.
     *
     * @throws InputFileException when the rest of the file cannot be read (bad UTF-8, unclosed quote)
     */
    public InputRow next() {
        Record record = nextRecord();
        if (record == null) {
            return null;
        }
        String[] cells = record.cells();
        return duplicates.check(validator.validate(record.lineNumber(),
                columns.username(cells), columns.systemId(cells), columns.action(cells)));
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing input file " + file, e);
        }
    }

    private HeaderMapping readHeader() {
        Record header = nextRecord();
        if (header == null) {
            throw new InputFileException(csv.getLinesRead() == 0
                    ? "Input file " + file + " is empty; it needs a header row such as username,system_id,action and then one row per user and system"
                    : "Input file " + file + " has no header row, only blank or comment lines; add a header such as username,system_id,action");
        }
        try {
            return HeaderMapping.of(header.cells());
        } catch (IllegalArgumentException e) {
            throw problem(header.lineNumber(), e.getMessage(), null);
        }
    }

    /** The next record that is not blank (only commas, spaces, tabs) and not a comment. */
    private Record nextRecord() {
        while (true) {
            long lineNumber = csv.getLinesRead() + 1;
            String[] cells;
            try {
                cells = csv.readNext();
            } catch (StrictUtf8Reader.BadTextException e) {
                throw problem(e.line(), e.getMessage(), e);
            } catch (CsvMultilineLimitBrokenException e) {
                throw problem(lineNumber, "a quoted cell starting here runs on for more than " + MAX_RECORD_LINES
                        + " lines; add the missing closing quote (\")", e);
            } catch (CsvMalformedLineException e) {
                throw problem(lineNumber, "a quoted cell starting here is never closed; add the missing closing quote (\")", e);
            } catch (IOException | CsvValidationException e) {
                throw problem(lineNumber, "cannot be read: " + e.getMessage(), e);
            }
            if (cells == null) {
                return null;
            }
            if (!isBlankOrComment(cells)) {
                return new Record(lineNumber, cells);
            }
        }
    }

    private static boolean isBlankOrComment(String[] cells) {
        return Arrays.stream(cells).allMatch(c -> CellText.trim(c).isEmpty()) || CellText.trim(cells[0]).startsWith("#");
    }

    private InputFileException problem(long lineNumber, String message, Throwable cause) {
        return new InputFileException("Input file " + file + ", line " + lineNumber + ": " + message, cause);
    }
}
