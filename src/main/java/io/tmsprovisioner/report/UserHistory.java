package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.UserOutcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.tapis.PrintableText;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Renders one user's outcomes across runs ({@code history}), streaming: when each was recorded, by which execution
 * and job instance, for which input, line, system and action, what came of it, and who launched the run. The table
 * gives each reason as one sentence ({@link BriefReason}); CSV and JSON keep the message whole, as a report does.
 */
public final class UserHistory {

    public enum Format { TABLE, CSV, JSON }

    static final String[] COLUMNS = {"recorded_at", "execution_id", "instance_id", "line", "username", "system_id",
            "action", "dry_run", "outcome", "tapis_code", "message", "os_user", "tapis_login", "input_file"};

    private UserHistory() {
    }

    /** Where the rows go, in one format: each row as it comes, then what closes the whole. */
    private interface Sink {
        void row(UserOutcome entry);

        void end();
    }

    /**
     * @param rows   feeds the outcomes, in the order to show them, to the consumer it is given
     * @param header what the rows are (user, system, order), for JSON
     * @return how many rows were written
     * @throws UncheckedIOException when {@code out} fails: never a cut history that looks whole
     */
    public static long write(Format format, String header, Consumer<Consumer<UserOutcome>> rows, Writer out) {
        Sink sink = switch (format) {
            case TABLE -> table(out);
            case CSV -> csv(out);
            case JSON -> json(header, out);
        };
        long[] written = {0};
        rows.accept(entry -> {
            sink.row(entry);
            written[0]++;
        });
        sink.end();
        return written[0];
    }

    private static String[] cells(UserOutcome entry) {
        RowOutcome o = entry.recorded().row();
        return new String[]{o.recordedAt().toString(), Long.toString(entry.recorded().jobExecutionId()),
                Long.toString(entry.jobInstanceId()), Long.toString(o.lineNumber()), o.username(), o.systemId(),
                o.action() == null ? "" : o.action().label(), Boolean.toString(entry.dryRun()), o.outcome().name(),
                Objects.toString(o.tapisCode(), ""), Objects.toString(o.message(), ""),
                Objects.toString(entry.osUser(), ""), Objects.toString(entry.tapisLogin(), ""),
                Objects.toString(entry.inputFile(), "")};
    }

    private static final String TABLE_ROW = "%-19s %9s %8s %6s  %-28s %-16s %-16s %-22s %-12s %-20s %s  %s%n";

    /**
     * For a terminal: times in this machine's zone, one sentence per reason, no escape sequences. The header comes
     * with the first row: with none, the caller says so in words.
     */
    private static Sink table(Writer out) {
        return new Sink() {
            private boolean headed;

            @Override
            public void row(UserOutcome entry) {
                if (!headed) {
                    write(out, String.format(TABLE_ROW, "RECORDED", "EXECUTION", "INSTANCE", "LINE", "SYSTEM", "ACTION",
                            "OUTCOME", "TAPIS_CODE", "OS_USER", "TAPIS_LOGIN", "REASON", "INPUT"));
                    headed = true;
                }
                RowOutcome o = entry.recorded().row();
                write(out, String.format(TABLE_ROW,
                        Summaries.time(LocalDateTime.ofInstant(o.recordedAt(), ZoneId.systemDefault())),
                        entry.recorded().jobExecutionId(), entry.jobInstanceId(), o.lineNumber(), o.systemId(),
                        (o.action() == null ? "-" : o.action().label()) + (entry.dryRun() ? " (dry)" : ""),
                        o.outcome(), Objects.toString(o.tapisCode(), "-"), Objects.toString(entry.osUser(), "-"),
                        Objects.toString(entry.tapisLogin(), "-"), PrintableText.of(BriefReason.of(o).sentence()),
                        entry.inputFile()));
            }

            @Override
            public void end() {
                flush(out);
            }
        };
    }

    private static Sink csv(Writer out) {
        SpreadsheetSafeCsv csv = new SpreadsheetSafeCsv(out);
        csv.row(COLUMNS);
        return new Sink() {
            @Override
            public void row(UserOutcome entry) {
                csv.row(cells(entry));
            }

            @Override
            public void end() {
                csv.finish();
            }
        };
    }

    private static Sink json(String header, Writer out) {
        // not closed: closing the generator would close the caller's stream
        JsonGenerator json = JsonMapper.shared().createGenerator(out);
        guarded(() -> {
            json.writeStartObject();
            json.writeStringProperty("history", header);
            json.writeArrayPropertyStart("rows");
        });
        return new Sink() {
            @Override
            public void row(UserOutcome entry) {
                String[] cells = cells(entry);
                guarded(() -> OutcomeReport.jsonRow(json, COLUMNS, cells));
            }

            @Override
            public void end() {
                guarded(() -> {
                    json.writeEndArray();
                    json.writeEndObject();
                    json.flush();
                });
            }
        };
    }

    private static void guarded(Runnable jsonWrite) {
        try {
            jsonWrite.run();
        } catch (JacksonIOException failed) {
            throw new UncheckedIOException("writing the JSON history failed", (IOException) failed.getCause());
        }
    }

    private static void flush(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the history failed", e);
        }
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the history failed", e);
        }
    }
}
