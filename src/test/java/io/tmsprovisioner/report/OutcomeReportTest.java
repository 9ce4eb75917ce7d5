package io.tmsprovisioner.report;

import com.opencsv.CSVReader;
import io.tmsprovisioner.repository.RecordedOutcome;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.input.InputRow.Verdict;
import io.tmsprovisioner.provisioning.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tmsprovisioner.report.OutcomeReport.Format.CSV;
import static io.tmsprovisioner.report.OutcomeReport.Format.JSON;
import static io.tmsprovisioner.report.OutcomeReport.Format.TABLE;
import static io.tmsprovisioner.report.ReportFixtures.UNAUTH_MESSAGE;
import static io.tmsprovisioner.report.ReportFixtures.UNAUTH_SENTENCE;
import static io.tmsprovisioner.report.ReportFixtures.failed;
import static io.tmsprovisioner.report.ReportFixtures.refused;
import static io.tmsprovisioner.report.ReportFixtures.rejected;
import static io.tmsprovisioner.report.ReportFixtures.render;
import static io.tmsprovisioner.report.ReportFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class OutcomeReportTest {
    @TempDir
    Path dir;

    private static final List<RecordedOutcome> ROWS = List.of(
            row(2, "-jdoe", "stampede3", Action.ESTABLISH, Outcome.CREATED),
            failed(3, "-jdoe", "vista", 401, "SYSAPI_CRED_VALID_FAIL", "=HYPERLINK(\"http://evil.example\",\"x\")"),
            failed(4, "@lab.user", "frontera", 403, "TAPIS_FORBIDDEN", "not allowed, \"quoted\",\nsecond line"),
            rejected(5, "=cmd|' /C calc'!A0", "stampede3", Action.ESTABLISH, "username '=cmd|' /C calc'!A0' has a character not allowed"),
            rejected(6, "bking", "stampede3", null, "action 'delete' is not one of establish, remove, reset"),
            rejected(7, "", "frontera", Action.REMOVE, "username is empty"),
            row(8, "asmith", "frontera", Action.RESET, Outcome.RESET));

    private static List<String[]> csvRecords(String csv) throws Exception {
        try (CSVReader reader = new CSVReader(new StringReader(csv))) {
            return reader.readAll();
        }
    }

    private static List<InputRow> readAsInput(Path file, Action defaultAction) {
        List<InputRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, defaultAction)) {
            for (InputRow row = input.next(); row != null; row = input.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void theFullCsvHasEveryColumnAndNeutralisesFormulaCells() throws Exception {
        List<String[]> records = csvRecords(render(CSV, OutcomeSelection.UNSPECIFIED, ROWS));

        assertThat(records).hasSize(ROWS.size() + 1);
        assertThat(records.get(0)).containsExactly(OutcomeReport.COLUMNS);
        assertThat(records.get(1)).startsWith("2", "-jdoe", "stampede3", "establish", "CREATED");
        assertThat(records.get(2)[7]).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(records.get(3)[1]).isEqualTo("@lab.user");
        assertThat(records.get(3)[7]).isEqualTo("not allowed, \"quoted\",\nsecond line");
        assertThat(records.get(4)[1]).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(records.get(5)[3]).isEmpty();
    }

    @Test
    void withOnlyTheCsvIsAnInputFileOfTheSelectedRows() throws Exception {
        List<String[]> records = csvRecords(render(CSV, OutcomeSelection.parse("failed,rejected"), ROWS));

        assertThat(records).extracting(r -> List.of(r)).containsExactly(
                List.of("action", "username", "system_id", "reason"),
                List.of("establish", "-jdoe", "vista", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
                List.of("establish", "@lab.user", "frontera", "not allowed, \"quoted\",\nsecond line"),
                List.of("establish", "'=cmd|' /C calc'!A0", "stampede3", "username '=cmd|' /C calc'!A0' has a character not allowed"),
                List.of("?", "bking", "stampede3", "action 'delete' is not one of establish, remove, reset"),
                List.of("remove", "", "frontera", "username is empty"));
    }

    @Test
    void noLeftoverReadsBackAsACommentOrABlankLine() throws Exception {
        List<RecordedOutcome> rows = List.of(
                rejected(2, "#root", "stampede3", Action.ESTABLISH, "username '#root' has a character not allowed"),
                rejected(3, "", "", Action.REMOVE, "username is empty"));
        Path leftovers = Files.writeString(dir.resolve("leftovers.csv"), render(CSV, OutcomeSelection.parse("rejected"), rows));

        assertThat(readAsInput(leftovers, Action.ESTABLISH))
                .extracting(InputRow::username, InputRow::systemId, InputRow::action, InputRow::verdict)
                .containsExactly(
                        tuple("#root", "stampede3", Action.ESTABLISH, Verdict.REJECTED),
                        tuple("", "", Action.REMOVE, Verdict.REJECTED));
    }

    @Test
    void theLeftoversFileIsReadBackByRunWithTheSameRequests() throws Exception {
        Path leftovers = Files.writeString(dir.resolve("leftovers.csv"), render(CSV, OutcomeSelection.parse("FAILED,Rejected"), ROWS));

        // read with a different default action: the file's own actions must win
        List<InputRow> rows = readAsInput(leftovers, Action.RESET);

        assertThat(rows).extracting(InputRow::username, InputRow::systemId, InputRow::action, InputRow::verdict)
                .containsExactly(
                        tuple("-jdoe", "vista", Action.ESTABLISH, Verdict.VALID),
                        tuple("@lab.user", "frontera", Action.ESTABLISH, Verdict.VALID),
                        tuple("'=cmd|' /C calc'!A0", "stampede3", Action.ESTABLISH, Verdict.REJECTED),
                        // not the default action: a mistyped action stays REJECTED until someone fixes it
                        tuple("bking", "stampede3", null, Verdict.REJECTED),
                        tuple("", "frontera", Action.REMOVE, Verdict.REJECTED));
        assertThat(rows.get(3).reason()).contains("action '?'");
    }

    @Test
    void jsonWithOnlyListsTheSelectedRowsAndKeepsEveryCount() {
        JsonNode document = JsonMapper.shared().readTree(render(JSON, OutcomeSelection.parse("rejected"), ROWS));

        assertThat(document.get("rows")).hasSize(3)
                .allSatisfy(row -> assertThat(row.get("outcome").asString()).isEqualTo("REJECTED"));
        assertThat(document.get("only")).hasSize(1);
        assertThat(document.get("only").get(0).asString()).isEqualTo("REJECTED");
        assertThat(document.get("counts").get("CREATED").asInt()).isEqualTo(1);
        assertThat(document.get("counts").get("FAILED").asInt()).isEqualTo(2);
    }

    @Test
    void jsonWithoutOnlyListsEveryRow() {
        JsonNode document = JsonMapper.shared().readTree(render(JSON, OutcomeSelection.UNSPECIFIED, ROWS));

        assertThat(document.get("rows")).hasSize(ROWS.size());
        assertThat(document.has("only")).isFalse();
    }

    @Test
    void theTableWithOnlyListsTheSelectedRows() {
        String table = render(TABLE, OutcomeSelection.parse("created,reset"), ROWS);

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().skip(1)).allSatisfy(line -> assertThat(line).containsAnyOf(" CREATED ", " RESET "));
        assertThat(table).contains("-jdoe", "asmith").doesNotContain("FAILED", "bking");
    }

    @Test
    void theTableForATerminalShowsNoEscapeSequenceEvenFromRowsRecordedBefore() {
        String table = render(TABLE, OutcomeSelection.UNSPECIFIED,
                List.of(failed(3, "jdoe", "vista", 500, null, "HTTP 500: \u001b[2J\u001b]0;owned\u0007 gone")));

        assertThat(table).doesNotContain("\u001b").doesNotContain("\u0007").contains(" FAILED           \uFFFD\uFFFD]0;owned\uFFFD gone");
    }

    @Test
    void theTableGivesEachFailureAsOneSentenceAndTheTapisCode() {
        String table = render(TABLE, OutcomeSelection.UNSPECIFIED, List.of(refused(3, "jdoe", "vista"),
                failed(4, "asmith", "nowhere", 404, "SYSAPI_NOSYSTEM", "HTTP 404: SYSAPI_NOSYSTEM No system found. "
                        + "jwtTenant: designsafe jwtUser: tms-admin OboTenant: designsafe OboUser: tms-admin")));

        assertThat(table.lines().skip(1)).satisfiesExactly(
                line -> assertThat(line).endsWith(" FAILED           " + UNAUTH_SENTENCE + " (SYSLIB_UNAUTH)"),
                line -> assertThat(line).endsWith(" FAILED           No system found. (SYSAPI_NOSYSTEM)"));
        assertThat(table).doesNotContain("jwtTenant:", "OboUser:", "HTTP 403:");
    }

    @Test
    void csvAndJsonKeepTapisWholeText() throws Exception {
        List<RecordedOutcome> rows = List.of(refused(3, "jdoe", "vista"));

        assertThat(csvRecords(render(CSV, OutcomeSelection.UNSPECIFIED, rows)).get(1)[7]).isEqualTo(UNAUTH_MESSAGE);
        assertThat(csvRecords(render(CSV, OutcomeSelection.parse("failed"), rows)).get(1)[3]).isEqualTo(UNAUTH_MESSAGE);
        JsonNode document = JsonMapper.shared().readTree(render(JSON, OutcomeSelection.UNSPECIFIED, rows));
        assertThat(document.get("rows").get(0).get("message").asString()).isEqualTo(UNAUTH_MESSAGE);
        // the status a script reads stays Spring Batch's: the counts say whether rows failed
        assertThat(document.get("status").asString()).isEqualTo("COMPLETED");
    }

    @ParameterizedTest
    @EnumSource(OutcomeReport.Format.class)
    void aWriterThatFailsIsAnErrorInEveryFormatNotACutReport(OutcomeReport.Format format) {
        for (int room : new int[]{0, 100}) {
            assertThatThrownBy(() -> OutcomeReport.write(format, OutcomeSelection.UNSPECIFIED,
                    ReportFixtures.execution(ROWS, List.of()), ReportFixtures.source(ROWS), new FullDisk(room)))
                    .as("%s with room for %d characters", format, room)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseMessage("No space left on device");
        }
    }
}
