package io.tmsprovisioner.report;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.tmsprovisioner.batch.RecordedOutcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/** Renders every row's outcome of one execution, streaming: a report of a million rows needs no more memory. */
public final class OutcomeReport {

    public enum Format { CSV, JSON, TABLE }

    static final String[] COLUMNS = {"line", "username", "system_id", "action", "outcome", "http_status",
            "tapis_code", "message", "attempts", "duration_ms", "recorded_at", "execution_id"};

    private OutcomeReport() {
    }

    /**
     * @param rows feeds the outcomes, in line order, to the consumer it is given
     */
    public static void write(Format format, ExecutionOverview execution, Consumer<Consumer<RecordedOutcome>> rows,
                             Writer out) {
        switch (format) {
            case CSV -> writeCsv(rows, out);
            case JSON -> writeJson(execution, rows, out);
            case TABLE -> writeTable(rows, new PrintWriter(out));
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

    private static void writeCsv(Consumer<Consumer<RecordedOutcome>> rows, Writer out) {
        ICSVWriter csv = new CSVWriterBuilder(out).withLineEnd("\n").build();
        csv.writeNext(COLUMNS, false);
        rows.accept(recorded -> csv.writeNext(cells(recorded), false));
        csv.flushQuietly();
    }

    private static void writeJson(ExecutionOverview execution, Consumer<Consumer<RecordedOutcome>> rows, Writer out) {
        // not closed: closing the generator would close the caller's stream
        JsonGenerator json = JsonMapper.shared().createGenerator(out);
        {
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
            json.writeArrayPropertyStart("rows");
            rows.accept(recorded -> {
                String[] cells = cells(recorded);
                json.writeStartObject();
                for (int i = 0; i < COLUMNS.length; i++) {
                    json.writeStringProperty(COLUMNS[i], cells[i].isEmpty() ? null : cells[i]);
                }
                json.writeEndObject();
            });
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        }
    }

    private static void writeTable(Consumer<Consumer<RecordedOutcome>> rows, PrintWriter out) {
        String format = "%6s  %-20s %-30s %-9s %-16s %s%n";
        out.printf(format, "LINE", "USERNAME", "SYSTEM", "ACTION", "OUTCOME", "MESSAGE");
        rows.accept(recorded -> {
            RowOutcome o = recorded.row();
            out.printf(format, o.lineNumber(), o.username(), o.systemId(), o.action() == null ? "-" : o.action().label(),
                    o.outcome(), o.message() == null ? "" : o.message());
        });
        out.flush();
    }

    static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }
}
