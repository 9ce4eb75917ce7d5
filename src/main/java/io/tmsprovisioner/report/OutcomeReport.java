package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.RecordedOutcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.tapis.PrintableText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;

/** Renders the rows' outcomes of one execution, streaming: a report of a million rows needs no more memory. */
public final class OutcomeReport {

    public enum Format {
        CSV(OutcomeSelection.UNSPECIFIED),
        JSON(OutcomeSelection.UNSPECIFIED),
        TABLE(OutcomeSelection.UNSPECIFIED),
        /** A page for people: lists the rows that need attention unless told otherwise. */
        HTML(OutcomeSelection.NEEDING_ATTENTION);

        private final OutcomeSelection defaultRows;

        Format(OutcomeSelection defaultRows) {
            this.defaultRows = defaultRows;
        }
    }

    static final String[] COLUMNS = {"line", "username", "system_id", "action", "outcome", "http_status",
            "tapis_code", "message", "attempts", "duration_ms", "recorded_at", "execution_id"};

    /**
     * A CSV with {@code --only} is an input file for {@code run}: the three columns the reader takes first, then the
     * reason, which it ignores. The action leads: it is never empty nor starts with {@code #}, so no row reads back
     * as a blank or comment line, whatever its (REJECTED) user name or system id is.
     */
    static final String[] REINPUT_COLUMNS = {"action", "username", "system_id", "reason"};

    /**
     * The action written back for a row whose action word was not one (recorded without an action): an
     * empty cell would mean the run's default action, turning a mistyped "delete" into an establish.
     * This placeholder is REJECTED again until someone writes the intended action.
     */
    static final String UNKNOWN_ACTION = "?";

    private OutcomeReport() {
    }

    /**
     * @param only which outcomes' rows to write; {@link OutcomeSelection#UNSPECIFIED} for the format's default
     * @param rows feeds the outcomes, in line order, to the consumer it is given
     * @throws UncheckedIOException when {@code out} fails (a full disk), in every format: never a cut report
     *         that looks whole
     */
    public static void write(Format format, OutcomeSelection only, ExecutionOverview execution,
                             OutcomeRows rows, Writer out) {
        OutcomeSelection listed = only.orElse(format.defaultRows);
        OutcomeRows selected = rows.only(listed);
        switch (format) {
            case CSV -> {
                if (only.specified()) {
                    writeReinputCsv(selected, out);
                } else {
                    writeCsv(selected, out);
                }
            }
            case JSON -> writeJson(execution, only, selected, out);
            case TABLE -> writeTable(selected, out);
            case HTML -> HtmlReport.write(execution, listed, selected, out);
        }
    }

    private static String[] cells(RecordedOutcome recorded) {
        RowOutcome o = recorded.row();
        return new String[]{Long.toString(o.lineNumber()), o.username(), o.systemId(),
                o.action() == null ? "" : o.action().label(), o.outcome().name(),
                o.httpStatus() == null ? "" : o.httpStatus().toString(), Objects.toString(o.tapisCode(), ""),
                Objects.toString(o.message(), ""), Integer.toString(o.attempts()), Long.toString(o.durationMillis()),
                o.recordedAt().toString(), Long.toString(recorded.jobExecutionId())};
    }

    private static void writeCsv(OutcomeRows rows, Writer out) {
        SpreadsheetSafeCsv csv = new SpreadsheetSafeCsv(out);
        csv.row(COLUMNS);
        rows.forEach(recorded -> csv.row(cells(recorded)));
        csv.finish();
    }

    /**
     * The rows as {@code run} reads them, the effective action written out so that a different
     * {@code --action} on the next run cannot change what a row asks for.
     */
    private static void writeReinputCsv(OutcomeRows rows, Writer out) {
        SpreadsheetSafeCsv csv = new SpreadsheetSafeCsv(out);
        csv.row(REINPUT_COLUMNS);
        rows.forEach(recorded -> {
            RowOutcome o = recorded.row();
            csv.row(o.action() == null ? UNKNOWN_ACTION : o.action().label(), o.username(), o.systemId(),
                    Objects.toString(o.message(), ""));
        });
        csv.finish();
    }

    private static void writeJson(ExecutionOverview execution, OutcomeSelection only,
                                  OutcomeRows rows, Writer out) {
        // not closed: closing the generator would close the caller's stream
        JsonGenerator json = JsonMapper.shared().createGenerator(out);
        try {
            json.writeStartObject();
            json.writeNumberProperty("executionId", execution.executionId());
            json.writeNumberProperty("instanceId", execution.instanceId());
            json.writeStringProperty("status", execution.status().name());
            json.writeStringProperty("action", lower(execution.action()));
            json.writeStringProperty("inputFile", execution.inputFile());
            json.writeStringProperty("tapisUrl", execution.tapisUrl());
            json.writeStringProperty("start", Objects.toString(execution.start(), null));
            json.writeStringProperty("end", Objects.toString(execution.end(), null));
            json.writeName("counts");
            json.writeStartObject();
            execution.instanceCounts().forEach((outcome, count) -> json.writeNumberProperty(outcome.name(), count));
            json.writeEndObject();
            if (only.specified()) {
                // counts stay those of every row; this says why "rows" holds fewer
                json.writeArrayPropertyStart("only");
                only.outcomes().forEach(outcome -> json.writeString(outcome.name()));
                json.writeEndArray();
            }
            json.writeArrayPropertyStart("rows");
            rows.forEach(recorded -> {
                jsonRow(json, COLUMNS, cells(recorded));
            });
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        } catch (JacksonIOException failed) {
            throw new UncheckedIOException("writing the JSON report failed", (IOException) failed.getCause());
        }
    }

    /** One row as a JSON object of its columns; an empty cell is null. Shared with {@link UserHistory}. */
    static void jsonRow(JsonGenerator json, String[] columns, String[] cells) {
        json.writeStartObject();
        for (int i = 0; i < columns.length; i++) {
            json.writeStringProperty(columns[i], cells[i].isEmpty() ? null : cells[i]);
        }
        json.writeEndObject();
    }

    /**
     * For a terminal: messages recorded by earlier versions may still hold escape sequences. Not through a
     * PrintWriter, which would swallow a write error and leave the table cut short.
     */
    private static void writeTable(OutcomeRows rows, Writer out) {
        String format = "%6s  %-20s %-30s %-9s %-16s %s%n";
        try {
            out.write(String.format(format, "LINE", "USERNAME", "SYSTEM", "ACTION", "OUTCOME", "REASON"));
            rows.forEach(recorded -> {
                RowOutcome o = recorded.row();
                try {
                    out.write(String.format(format, o.lineNumber(), o.username(), o.systemId(),
                            o.action() == null ? "-" : o.action().label(), o.outcome(),
                            PrintableText.of(BriefReason.of(o).withCode(o.tapisCode()))));
                } catch (IOException e) {
                    throw new UncheckedIOException("writing the table report failed", e);
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the table report failed", e);
        }
    }

    static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
