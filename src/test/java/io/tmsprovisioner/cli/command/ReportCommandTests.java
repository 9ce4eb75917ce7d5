package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.input.InputRow.Verdict;
import io.tmsprovisioner.simulator.TapisSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.tmsprovisioner.report.FullDisk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.groups.Tuple.tuple;

/** `report` on a real run of the sample against the simulator: formats, --only, and the leftovers file. */
class ReportCommandTests {
    @TempDir
    static Path dir;

    static TapisSimulator simulator;
    static String repository;
    static String executionId;

    @BeforeAll
    static void runTheSample() {
        simulator = Samples.startSimulator();
        repository = "jdbc:h2:file:" + dir.resolve("repository");
        Result run = CliRunner.run(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", Samples.ADMIN,
                "TAPIS_PASSWORD", Samples.adminPassword()), "run", "--input", Samples.ONBOARDING.toString(),
                "--repository-url", repository);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        Matcher matcher = Pattern.compile("Execution (\\d+) ").matcher(run.out());
        assertThat(matcher.find()).as(run.out()).isTrue();
        executionId = matcher.group(1);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    private static Result report(String... options) {
        List<String> args = new ArrayList<>(List.of("report", executionId, "--repository-url", repository));
        args.addAll(List.of(options));
        return CliRunner.run(Map.of(), args.toArray(String[]::new));
    }

    private static List<InputRow> readAsInput(Path file) {
        List<InputRow> rows = new ArrayList<>();
        try (CsvInput input = CsvInput.open(file, Action.ESTABLISH)) {
            for (InputRow row = input.next(); row != null; row = input.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void htmlReportOfTheSampleListsItsRowsNeedingAttention() throws Exception {
        Path page = dir.resolve("report.html");

        Result result = report("--format", "HTML", "--output", page.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("written to " + page);
        String html = Files.readString(page);
        assertThat(html).contains("<dt>Execution</dt><dd>" + executionId + "</dd>", "<dd>COMPLETED WITH FAILURES</dd>",
                "<dt>Tapis URL</dt><dd>" + simulator.baseUrl() + "</dd>", "<title>CREATED: 11</title>",
                "<title>FAILED: 2</title>", "<title>KEYS_REFUSED: 1</title>", "<title>REJECTED: 4</title>",
                "<h2>FAILED, UNVERIFIED, KEYS_REFUSED, REJECTED rows (7)</h2>", "SYSLIB_CRED_VALID_FAIL",
                "lonestar.private", "j doe");
        assertThat(html.split("<tr class=\"o-", -1)).hasSize(7 + 1);
        // each failure shows one sentence; Tapis's whole text waits in a closed details element
        assertThat(html).contains("<details>");
        assertThat(html.replaceAll("<details><summary>(.*?)</summary>.*?</details>", "$1"))
                .doesNotContain("jwtTenant:", "OboUser:");
    }

    @Test
    void theLeftoversOfARunAreAnInputFileForTheNextRun() {
        Path leftovers = dir.resolve("leftovers.csv");

        Result result = report("--only", "failed,keys_refused,REJECTED", "--format", "csv", "--output",
                leftovers.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(readAsInput(leftovers))
                .extracting(InputRow::username, InputRow::systemId, InputRow::action, InputRow::verdict)
                .containsExactly(
                        tuple("jdoe", "vista", Action.ESTABLISH, Verdict.VALID),
                        tuple("mgarcia", "lonestar.private", Action.ESTABLISH, Verdict.VALID),
                        tuple("kwong", "hpc.retired-2019", Action.ESTABLISH, Verdict.VALID),
                        tuple("j doe", "stampede3", Action.ESTABLISH, Verdict.REJECTED),
                        tuple("..", "frontera", Action.ESTABLISH, Verdict.REJECTED),
                        tuple("bking", "stampede3", null, Verdict.REJECTED),
                        tuple("", "stampede3", Action.ESTABLISH, Verdict.REJECTED));
    }

    @Test
    void anUnknownOutcomeIsAUsageErrorNamingTheValidOnes() {
        Path output = dir.resolve("never.csv");

        Result result = report("--only", "failed,broken", "--output", output.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'broken'", "already_present, created, not_tms, removed, reset, failed, "
                + "unverified, keys_refused, rejected, duplicate");
        assertThat(output).doesNotExist();
    }

    @Test
    void anUnknownFormatNamesHtmlAmongTheValidOnes() {
        Result result = report("--format", "xml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'xml'", "csv, json, table, html");
    }

    @Test
    void jsonAndTableHonourOnly() {
        Result json = report("--format", "json", "--only", "created");
        Result table = report("--format", "table", "--only", "failed");

        assertThat(json.exitCode()).isZero();
        JsonNode document = JsonMapper.shared().readTree(json.out());
        assertThat(document.get("rows")).hasSize(11)
                .allSatisfy(row -> assertThat(row.get("outcome").asString()).isEqualTo("CREATED"));
        assertThat(document.get("counts").get("FAILED").asInt()).isEqualTo(2);
        assertThat(document.get("counts").get("KEYS_REFUSED").asInt()).isEqualTo(1);
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines()).hasSize(1 + 2);
        assertThat(table.out()).contains("lonestar.private", "hpc.retired-2019").doesNotContain("CREATED", "vista");
    }

    @Test
    void helpDescribesHtmlAndOnly() {
        Result help = CliRunner.run(Map.of(), "report", "--help");

        assertThat(help.out()).contains("--only", "html", "username, system_id, action, reason");
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json", "table", "html"})
    void aReportThatCannotBeWrittenIsAnErrorInOneLine(String format) {
        assumeTrue(Files.exists(Path.of("/dev/full")), "a Linux /dev/full");

        Result result = report("--format", format, "--output", "/dev/full");

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(result.err()).isEqualTo("tms-provisioner: The report of execution " + executionId
                + " could not be written to /dev/full (No space left on device): what was written is incomplete.\n");
        assertThat(result.out()).doesNotContain("written to");
    }

    @Test
    void aStandardOutputThatCannotBeWrittenIsAnErrorNotASilentlyCutReport() {
        StringWriter err = new StringWriter();

        int code = TmsProvisionerCli.with(Map.of(), new PrintWriter(new FullDisk(200)), new PrintWriter(err, true))
                .execute("report", executionId, "--format", "table", "--repository-url", repository);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(err.toString()).isEqualTo("tms-provisioner: The report of execution " + executionId
                + " could not be written to standard output: what was written is incomplete.\n");
    }
}
