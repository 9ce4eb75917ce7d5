package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.PostgresServer;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line with {@code --repository-url jdbc:postgresql://...} on a real PostgreSQL (see
 * {@link PostgresServer}), every command starting its own application on the same database; the
 * repository's credentials reach the commands as {@link CliPostgres} says.
 */
class PostgresCliTests {
    @RegisterExtension
    static final CliPostgres postgres = new CliPostgres();

    @TempDir
    Path dir;
    private TapisSimulator simulator;
    private String repository;

    @BeforeEach
    void setUp() {
        simulator = Samples.startSimulator();
        repository = postgres.createDatabase();
    }

    @AfterEach
    void tearDown() {
        simulator.close();
        System.setProperty(CliPostgres.PASSWORD_PROPERTY, postgres.password());
    }

    private Map<String, String> loginEnv() {
        return Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", Samples.ADMIN,
                "TAPIS_PASSWORD", Samples.adminPassword());
    }

    private Result run(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--input", Samples.ONBOARDING.toString(),
                "--repository-url", repository));
        args.addAll(List.of(more));
        return CliRunner.run(loginEnv(), args.toArray(String[]::new));
    }

    private static long executionId(Result result) {
        Matcher matcher = Pattern.compile("Execution (\\d+) ").matcher(result.out());
        assertThat(matcher.find()).as("summary names the execution: %s", result.out()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void runStatusAndReportWorkOnPostgresAsOnH2AndEveryStartFindsTheSchemaInPlace() throws Exception {
        // when: the first start creates both schemas in the empty database and runs the sample
        Result result = run();

        // then
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(result.out()).contains("COMPLETED", "7 row(s) need attention (FAILED, REJECTED, UNVERIFIED or KEYS_REFUSED)");
        long id = executionId(result);
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
        assertThat(postgres.superuserOn(repository).queryForObject(
                "SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_EXECUTION_ID = ?", Integer.class, id))
                .isEqualTo(Samples.ONBOARDING_OUTCOMES.size());

        // and the second, third and fourth starts run the schema scripts again on the existing tables
        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("COMPLETED", "establish", "CREATED=11",
                Samples.ONBOARDING.toAbsolutePath().toString());

        Path csv = dir.resolve("report.csv");
        Result report = CliRunner.run(Map.of(), "report", Long.toString(id), "--output", csv.toString(),
                "--repository-url", repository);
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(32)
                .first().isEqualTo("line,username,system_id,action,outcome,http_status,tapis_code,message,attempts,"
                        + "duration_ms,recorded_at,execution_id");
        assertThat(Files.readString(csv)).contains("22,jdoe,vista,establish,KEYS_REFUSED,401,SYSLIB_CRED_VALID_FAIL");

        Result json = CliRunner.run(Map.of(), "report", Long.toString(id), "--format", "json",
                "--repository-url", repository);
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode document = JsonMapper.shared().readTree(json.out());
        assertThat(document.get("rows")).hasSize(31);
        assertThat(document.get("counts").get("CREATED").asInt()).isEqualTo(11);

        // and a scheduled re-run of the completed file verifies everything again in a new instance
        Result again = run();
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        Result both = CliRunner.run(Map.of(), "status", "--repository-url", repository, "--limit", "5");
        assertThat(both.exitCode()).isZero();
        assertThat(both.out().lines().filter(line -> line.contains("COMPLETED")).count()).isEqualTo(2);
        assertThat(postgres.superuserOn(repository).queryForList(
                "SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID", String.class))
                .containsExactly("COMPLETED", "COMPLETED");
        assertThat(postgres.superuserOn(repository).queryForObject(
                "SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM PROVISIONING_OUTCOME", Integer.class)).isEqualTo(2);
        for (Result each : List.of(result, status, report, json, again, both)) {
            assertThat(each.out() + each.err()).doesNotContain(postgres.password());
        }
    }

    @Test
    void theRepositoryPasswordIsReallyCheckedSoTheCredentialsCameFromTheEnvironment() {
        System.setProperty(CliPostgres.PASSWORD_PROPERTY, "not-the-password");

        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);

        assertThat(status.exitCode()).isNotZero();
        assertThat(status.err()).contains("password authentication failed for user \"" + PostgresServer.USER + "\"")
                .doesNotContain("not-the-password");
    }

    @Test
    void aSecondRunWhileTheFirstIsRunningExitsTwoAndTheFirstFinishesAlone() throws Exception {
        // given: a run held inside its first create, its execution STARTED in the repository
        CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Result> first = thread.submit(() -> run());
            assertThat(inCreate.await(60, TimeUnit.SECONDS)).as("the first run reached its first create").isTrue();

            // when: the same command runs again (in-process here; from another host it is refused the same way)
            Result second = run();

            // then
            assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(second.err()).contains("still running in process " + ProcessHandle.current().pid(),
                    "nothing was started");
            simulator.releaseHeld();
            Result finished = first.get(120, TimeUnit.SECONDS);
            assertThat(finished.exitCode()).as(finished.out() + finished.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        } finally {
            simulator.releaseHeld();
            thread.shutdownNow();
        }
        assertThat(postgres.superuserOn(repository).queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME",
                Integer.class)).isEqualTo(Samples.ONBOARDING_OUTCOMES.size());
        assertThat(postgres.superuserOn(repository).queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class))
                .containsExactly("COMPLETED");
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(13);
        assertThat(simulator.totalKeysMinted()).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }
}
