package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.simulator.SimulatorState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped samples/ still run as the demo runs them. Whatever they hold: the demo may change, so nothing here
 * knows their rows; what the rows must come to is the other tests' business, on their own copies (Samples).
 */
class ShippedSamplesTest {
    private static final Path ONBOARDING = Path.of("samples/onboarding.csv");
    private static final Path RESET = Path.of("samples/reset.csv");
    private static final Path SIMULATOR_STATE = Path.of("samples/tapis-sim.json");

    @TempDir
    Path dir;

    @Test
    void theDemoRunsTheBundledOnboardingFileAndEveryRowGetsAnOutcome() throws IOException {
        // the demo without --input runs the copy of samples/onboarding.csv bundled in the application
        assertEveryDataRowGetsAnOutcome(ONBOARDING);
    }

    @Test
    void theResetSampleRunsInTheDemoAndEveryRowGetsAnOutcome() throws IOException {
        assertEveryDataRowGetsAnOutcome(RESET, "--input", RESET.toString(), "--action", "reset");
    }

    private void assertEveryDataRowGetsAnOutcome(Path sample, String... demoOptions) throws IOException {
        // given: a repository that outlives the demo, to read its outcomes back
        String repository = "jdbc:h2:file:" + dir.resolve("repository");
        List<String> args = new ArrayList<>(List.of("demo", "--repository-url", repository));
        args.addAll(List.of(demoOptions));

        // when
        Result demo = CliRunner.run(Map.of(), args.toArray(String[]::new));

        // then
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("Tapis simulator listening on http://127.0.0.1:");
        SimulatorState.read(SIMULATOR_STATE).accounts()
                .forEach(account -> assertThat(demo.out()).doesNotContain(account.password()));
        JsonNode report = report(executionId(demo), repository);
        List<Long> dataLines = dataLines(sample);
        assertThat(report.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.get("rows").valueStream())
                .allSatisfy(row -> assertThat(row.get("outcome").asString()).isNotBlank())
                .extracting(row -> Long.parseLong(row.get("line").asString()))
                .as("one outcome per data row of %s", sample).containsExactlyInAnyOrderElementsOf(dataLines);
        assertThat(report.get("counts").valueStream().mapToLong(JsonNode::asLong).sum())
                .as("the counts add up to the rows of %s", sample).isEqualTo(dataLines.size());
    }

    private static long executionId(Result demo) {
        Matcher matcher = Pattern.compile("Report of execution (\\d+):").matcher(demo.out());
        assertThat(matcher.find()).as("the demo names its execution: %s", demo.out()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static JsonNode report(long executionId, String repository) {
        Result report = CliRunner.run(Map.of(), "report", Long.toString(executionId), "--format", "json",
                "--repository-url", repository);
        assertThat(report.exitCode()).as(report.err()).isZero();
        return JsonMapper.shared().readTree(report.out());
    }

    /**
     * The line numbers of a sample's data rows, read as the samples are written: one record a line, blank lines
     * (nothing but commas and spaces) and comment lines (starting with #) skipped, the first record the header.
     */
    private static List<Long> dataLines(Path sample) throws IOException {
        List<String> lines = Files.readAllLines(sample);
        List<Long> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.replaceAll("[,\\s]", "").isEmpty() && !line.strip().startsWith("#")) {
                records.add(i + 1L);
            }
        }
        return records.subList(1, records.size());
    }
}
