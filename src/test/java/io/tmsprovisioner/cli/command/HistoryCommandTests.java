package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code history --user}: one user's outcomes across runs, with who ran each. */
class HistoryCommandTests extends CliTestSupport {
    /** jdoe's lines in the sample: 3, 14, 22 and 25. */
    private static final int JDOE_ROWS_PER_RUN = 4;
    private static final String OS_USER = System.getProperty("user.name");

    /** The sample run twice: the second, after the first completed, is a fresh instance (execution 2). */
    private void twoRuns() {
        for (int run = 0; run < 2; run++) {
            Result result = run(loginEnv(), Samples.ONBOARDING);
            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        }
    }

    private Result history(String... args) {
        List<String> all = new ArrayList<>(List.of("history"));
        all.addAll(List.of(args));
        all.addAll(List.of("--repository-url", repository));
        return CliRunner.run(Map.of(), all.toArray(String[]::new));
    }

    private static List<String> dataLines(String table) {
        return table.lines().skip(1).filter(line -> !line.startsWith("The ")).toList();
    }

    @Test
    void aTableListsEveryOutcomeOfTheUserNewestFirstWithWhoRanItAndSaysWhenTheLimitCutsIt() {
        twoRuns();

        Result result = history("--user", "jdoe");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().lines().findFirst().orElseThrow())
                .contains("RECORDED", "EXECUTION", "INSTANCE", "LINE", "SYSTEM", "OUTCOME", "OS_USER", "TAPIS_LOGIN");
        List<String> rows = dataLines(result.out());
        assertThat(rows).hasSize(2 * JDOE_ROWS_PER_RUN);
        assertThat(rows.subList(0, JDOE_ROWS_PER_RUN)).as("the second run's first")
                .allSatisfy(row -> assertThat(row).matches("^\\S+ \\S+\\s+2\\s+2\\s.*"));
        assertThat(rows).allSatisfy(row -> assertThat(row).contains(OS_USER, Samples.ADMIN, "onboarding.csv"));
        assertThat(result.out()).contains("KEYS_REFUSED", "NOT_TMS").doesNotContain(Samples.adminPassword());

        Result limited = history("--user", "jdoe", "--limit", "3");
        assertThat(dataLines(limited.out())).hasSize(3);
        assertThat(limited.out()).contains("The 3 newest outcomes of user jdoe; --limit N for more.");

        Result nobody = history("--user", "nobody", "--system", "stampede3");
        assertThat(nobody.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(nobody.out()).isEqualToIgnoringNewLines(
                "No outcome recorded for user nobody on system stampede3 in this repository.");
    }

    @Test
    void csvAndJsonListTheRowsInTheAskedOrderWithWhoRanEachExecution() {
        twoRuns();

        Result result = history("--user", "jdoe", "--system", "stampede3", "--format", "csv", "--oldest-first",
                "--limit", "1");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("recorded_at,execution_id,instance_id,line,username,system_id,action,"
                + "dry_run,outcome,tapis_code,message,os_user,tapis_login,input_file");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(",1,1,14,jdoe,stampede3,establish,false,ALREADY_PRESENT,",
                "," + OS_USER + "," + Samples.ADMIN + ",");

        Result jsonResult = history("--user", "jdoe", "--format", "json");

        assertThat(jsonResult.exitCode()).as(jsonResult.err()).isEqualTo(ExitCodes.OK);
        JsonNode json = JsonMapper.shared().readTree(jsonResult.out());
        assertThat(json.get("history").asString()).isEqualTo("user jdoe, newest first");
        assertThat(json.get("rows")).hasSize(2 * JDOE_ROWS_PER_RUN);
        assertThat(json.get("rows").get(0).get("execution_id").asString()).isEqualTo("2");
        assertThat(json.get("rows").get(0).get("tapis_login").asString()).isEqualTo(Samples.ADMIN);
        assertThat(json.get("rows").get(0).get("os_user").asString()).isEqualTo(OS_USER);
    }

    @Test
    void aBadLimitOrFormatIsAUsageError() {
        Result zero = history("--user", "jdoe", "--limit", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err()).contains("--limit must be at least 1.");
        Result xml = history("--user", "jdoe", "--format", "xml");
        assertThat(xml.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(xml.err()).contains("--format 'xml' is not one of table, csv, json.");
        Result noUser = history();
        assertThat(noUser.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUser.err()).contains("--user");
    }
}
