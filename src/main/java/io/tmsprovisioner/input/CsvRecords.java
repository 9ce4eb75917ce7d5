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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The reading rules every input file follows, whatever its columns: strict UTF-8 with or without a
 * BOM, RFC 4180 quoting, blank and comment lines skipped, each record with the physical line it starts
 * on, and every problem named by file and line.
 */
final class CsvRecords implements AutoCloseable {

    /** A quoted cell running on longer than this is taken for a missing closing quote. */
    static final int MAX_RECORD_LINES = 100;

    /** One CSV record and the physical line it starts on. */
    record Record(long lineNumber, String[] cells) {
    }

    private final Path file;
    private final CSVReader csv;

    private CsvRecords(Path file, CSVReader csv) {
        this.file = file;
        this.csv = csv;
    }

    /**
     * Opens the file, reading its bytes through {@code tap} (a digest, say), which sees every byte once
     * the records have been read to their end.
     *
     * @throws InputFileException when the file is missing, a directory, unreadable or cannot be opened
     */
    static CsvRecords open(Path file, UnaryOperator<InputStream> tap) {
        if (!Files.exists(file)) {
            throw new InputFileException("Input file " + file + " does not exist; check the path");
        }
        if (Files.isDirectory(file)) {
            throw new InputFileException("Input file " + file + " is a directory; give the path of the CSV file itself");
        }
        if (!Files.isReadable(file)) {
            throw new InputFileException("Input file " + file + " cannot be read (no read permission); make it readable");
        }
        try {
            return of(file, tap.apply(Files.newInputStream(file)));
        } catch (IOException e) {
            throw new InputFileException("Input file " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** The records of {@code in}, named {@code file} in messages. */
    static CsvRecords of(Path file, InputStream in) {
        return new CsvRecords(file, new CSVReaderBuilder(new StrictUtf8Reader(in))
                .withCSVParser(new RFC4180ParserBuilder().build())
                .withMultilineLimit(MAX_RECORD_LINES)
                // Its look-ahead check takes a read error for end of file: a bad byte would silently end the input.
                .withVerifyReader(false)
                .build());
    }

    /**
     * Reads the header (the first record) and maps it.
     *
     * @param example a header such a file could have, for the messages about a missing one
     * @param rows    what the data rows are, e.g. "one row per user"
     * @param mapping throws IllegalArgumentException saying what is wrong with the header
     */
    <T> T header(String example, String rows, Function<String[], T> mapping) {
        Record header = next();
        if (header == null) {
            throw new InputFileException(csv.getLinesRead() == 0
                    ? "Input file " + file + " is empty; it needs a header row such as " + example + " and then " + rows
                    : "Input file " + file + " has no header row, only blank or comment lines; add a header such as " + example);
        }
        try {
            return mapping.apply(header.cells());
        } catch (IllegalArgumentException e) {
            throw problem(header.lineNumber(), e.getMessage(), null);
        }
    }

    /**
     * The next record that is not blank (only commas, spaces, tabs) and not a comment; null at the end.
     *
     * @throws InputFileException when the rest of the file cannot be read (bad UTF-8, unclosed quote)
     */
    Record next() {
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

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing input file " + file, e);
        }
    }

    private InputFileException problem(long lineNumber, String message, Throwable cause) {
        return new InputFileException("Input file " + file + ", line " + lineNumber + ": " + message, cause);
    }
}
