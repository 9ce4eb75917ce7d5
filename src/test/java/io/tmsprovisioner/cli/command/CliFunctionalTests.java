package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an administrator or cron uses it: options, environment, output and exit codes. */
class CliFunctionalTests extends CliTestSupport {

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static long executionId(Result result) {
        Matcher matcher = Pattern.compile("Execution (\\d+) ").matcher(result.out());
        assertThat(matcher.find()).as("summary names the execution: %s", result.out()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String instanceOf(Result result) {
        Matcher matcher = Pattern.compile("\\(job instance \\d+\\)").matcher(result.out());
        assertThat(matcher.find()).as("summary names the job instance: %s", result.out()).isTrue();
        return matcher.group();
    }

    @Test
    void aFileEditedAfterTheToolReadItIsExitTwoAndNothingIsDone() throws Exception {
        // given: the login waits in the simulator, after the tool read and fingerprinted the file
        Path file = Files.copy(Samples.ONBOARDING, dir.resolve("cohort.csv"));
        CountDownLatch loggingIn = simulator.holdAfterEffect(Endpoint.TOKEN, 1);
        ExecutorService command = Executors.newSingleThreadExecutor();
        try {
            Future<Result> run = command.submit(() -> run(loginEnv(), file));
            assertThat(loggingIn.await(60, TimeUnit.SECONDS)).isTrue();

            // when: the file is edited meanwhile
            Files.writeString(file, "username,system_id\nmallory,stampede3\n");
            simulator.releaseHeld();
            Result result = run.get(60, TimeUnit.SECONDS);

            // then
            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.out()).contains("changed since this job instance was started");
            assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).as("nothing was sent").isZero();
        } finally {
            command.shutdownNow();
        }
    }

    @Test
    void helpDescribesEveryCommandAndTheExitCodes() {
        Result root = CliRunner.run(Map.of(), "--help");
        Result run = CliRunner.run(Map.of(), "run", "--help");

        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).contains("run", "status", "report", "demo", "Exit codes", "3   completed, some rows FAILED, REJECTED, UNVERIFIED or");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--input", "--action", "establish, remove, reset", "--tapis-url",
                "--password-file", "--repository-url", "TAPIS_TOKEN", "TAPIS_USERNAME", "TAPIS_PASSWORD",
                "Exit codes", "3   completed, some rows FAILED, REJECTED, UNVERIFIED or");
    }

    @Test
    void aRunWithFailedAndRejectedRowsExitsThreeAndIsReported() throws Exception {
        // when
        Result result = run(loginEnv(), Samples.ONBOARDING);

        // then
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(result.out()).contains("COMPLETED", "CREATED", "11", "REJECTED", "7 row(s) need attention (FAILED, REJECTED, UNVERIFIED or KEYS_REFUSED)",
                "tms-provisioner report");
        assertThat(result.err()).as("progress, plain without a terminal").contains("progress: 31/31 rows (100%)")
                .doesNotContain("\r");
        long id = executionId(result);

        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("COMPLETED", "establish", "CREATED=11", Samples.ONBOARDING.toAbsolutePath().toString());

        Path csv = dir.resolve("report.csv");
        Result report = CliRunner.run(Map.of(), "report", Long.toString(id), "--output", csv.toString(),
                "--repository-url", repository);
        assertThat(report.exitCode()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(32)
                .first().isEqualTo("line,username,system_id,action,outcome,http_status,tapis_code,message,attempts,"
                        + "duration_ms,recorded_at,execution_id");
        assertThat(Files.readString(csv)).contains("22,jdoe,vista,establish,KEYS_REFUSED,401,SYSLIB_CRED_VALID_FAIL");

        Result json = CliRunner.run(Map.of(), "report", Long.toString(id), "--format", "json", "--repository-url", repository);
        JsonNode document = JsonMapper.shared().readTree(json.out());
        assertThat(document.get("executionId").asLong()).isEqualTo(id);
        assertThat(document.get("rows")).hasSize(31);
        assertThat(document.get("counts").get("CREATED").asInt()).isEqualTo(11);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void noPasswordOrTokenReachesTheLogsAtAnyLevelNorTheRepository(CapturedOutput logs) throws Exception {
        Path passwordFile = passwordFile();
        Result result;
        System.setProperty("logging.level.root", "DEBUG");
        System.setProperty("logging.level.io.tmsprovisioner", "TRACE");
        try {
            result = run(Map.of("TAPIS_USERNAME", Samples.ADMIN), Samples.ONBOARDING,
                    "--tapis-url", simulator.baseUrl(), "--password-file", passwordFile.toString());
        } finally {
            System.clearProperty("logging.level.root");
            System.clearProperty("logging.level.io.tmsprovisioner");
        }

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        StringBuilder dump = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(repository, "sa", "");
             ResultSet script = connection.createStatement().executeQuery("SCRIPT")) {
            while (script.next()) {
                dump.append(script.getString(1)).append('\n');
            }
        }
        assertThat(dump).contains("PROVISIONING_OUTCOME", "tnguyen");
        assertThat(logs.getAll()).as("debug logging was on").contains("DEBUG", "POST /v3/systems/credential/");
        // the simulator's JWTs, like real ones, start with the base64 of '{"'
        assertThat(dump.toString() + result.out() + result.err() + logs.getAll())
                .doesNotContain(Samples.adminPassword())
                .doesNotContain("eyJ");
    }

    @Test
    void aTokenWithAByteOrderMarkIsAUsageErrorThatNeverShowsTheToken() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0bXMtYWRtaW4ifQ.c2lnbmF0dXJlLXNlY3JldA";
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result result = run(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_TOKEN", "\uFEFF" + jwt), input);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("TAPIS_TOKEN", "U+FEFF", "position 1");
        assertThat(result.out() + result.err()).doesNotContain("eyJ").doesNotContain("c2lnbmF0dXJl");
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void aCleanRunExitsZero() throws Exception {
        Path input = file("cohort.csv", "\uFEFFUser,System\r\njdoe,stampede3\r\nnewuser,stampede3\r\n");

        Result result = run(loginEnv(), input);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
        assertThat(simulator.hasCredential("stampede3", "newuser")).isTrue();
    }

    @Test
    void aPasswordFileReplacesThePasswordVariable() throws Exception {
        Path password = passwordFile();
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result result = run(Map.of("TAPIS_USERNAME", Samples.ADMIN), input,
                "--tapis-url", simulator.baseUrl(), "--password-file", password.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aRejectedTokenFailsTheJobWithExitOneAndTheSameCommandResumesIt() throws Exception {
        Map<String, String> badToken = Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_TOKEN", "expired.jwt.token");

        Result failed = run(badToken, Samples.ONBOARDING);

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(failed.out()).contains("FAILED", "TAPIS_SECURITY", "run the same command again to resume");
        assertThat(failed.out() + failed.err()).doesNotContain("expired.jwt.token");
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isZero();

        Result resumed = run(loginEnv(), Samples.ONBOARDING);

        assertThat(resumed.exitCode()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(resumed.out()).contains("31 by the job instance in all").contains(instanceOf(failed));
    }

    @Test
    void aLoginRateLimitedForAnHourExitsOneWithoutRecordingAnExecution() throws Exception {
        simulator.setTooManyRequests(0, 3600);
        simulator.failFrom(Endpoint.TOKEN, 1, Fault.TOO_MANY_REQUESTS);
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result result = run(loginEnv(), input);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(result.err()).contains("Tapis is out of service for the login (Tapis asks to wait 3600 s",
                "Nothing was started; run the same command again later").doesNotContain("\tat ");
        assertThat(simulator.calls(Endpoint.TOKEN)).as("an hour's wait is not waited out").isOne();
        assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                .contains("No executions recorded");
    }

    @Test
    void tapisUnreachableExitsOneWithoutRecordingAnExecution() throws Exception {
        String url = simulator.baseUrl();
        simulator.close();
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result result = run(Map.of("TAPIS_BASE_URL", url, "TAPIS_USERNAME", Samples.ADMIN, "TAPIS_PASSWORD", "x",
                "TMS_RETRY_PATIENCE", "0"), input, "--max-attempts", "2");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(result.err()).contains("Tapis did not answer the login after 2 attempt(s)",
                "Nothing was started; run the same command again later").doesNotContain("\tat ");
        assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                .contains("No executions recorded");
    }

    @Test
    void maxAttemptsFromAConfigurationFileIsWhatTheJobRetriesByAndItsOldNameIsRefused() throws Exception {
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.SERVER_ERROR);
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");
        Path config = file("tms.yml", "tms:\n  max-attempts: 3\n  retry:\n    base-delay: 5ms\n    max-delay: 10ms\n");
        Path oldName = file("old.yml", "tms:\n  retry:\n    max-attempts: 3\n");
        Map<String, String> env = new HashMap<>(loginEnv());

        env.put("TMS_CONFIG", config.toString());
        Result configured = run(env, input);
        env.put("TMS_CONFIG", oldName.toString());
        Result refused = run(env, input);

        assertThat(configured.exitCode()).as(configured.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL, 503))
                .as("3 attempts, not the default 5, on each of the row's two tries (the second at the end of the run)")
                .isEqualTo(6);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("tms.retry.max-attempts", "old.yml", "is now tms.max-attempts")
                .doesNotContain("\tat ");
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("the refused run sent nothing").isEqualTo(6);
    }

    @Test
    void aRefusedLoginIsAUsageErrorThatRecordsNothing() throws Exception {
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result refused = run(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", Samples.ADMIN,
                "TAPIS_PASSWORD", "not-the-password"), input);

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("Tapis refused the login of user '" + Samples.ADMIN + "'",
                "HTTP 400: Invalid username/password combination.", "check TAPIS_USERNAME/TAPIS_PASSWORD. Nothing was started.")
                .doesNotContain("not-the-password").doesNotContain("\tat ");
        assertThat(CliRunner.run(Map.of(), "status", "--repository-url", repository).out())
                .contains("No executions recorded");
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL)).isZero();

        Result corrected = run(loginEnv(), input);

        assertThat(corrected.exitCode()).as(corrected.err()).isEqualTo(ExitCodes.OK);
        assertThat(corrected.out()).contains("Execution 1 (job instance 1)");
    }

    @Test
    void badInputFilesAreUsageErrorsThatNameTheProblem() throws Exception {
        Path empty = file("empty.csv", "");
        Path noColumns = file("nocolumns.csv", "name,host\njdoe,stampede3\n");
        Path notUtf8 = dir.resolve("latin1.csv");
        Files.write(notUtf8, new byte[]{'u', 's', 'e', 'r', ',', 's', 'y', 's', 't', 'e', 'm', '\n', 'j', (byte) 0xE9, ',', 's', '\n'});

        Result missing = run(loginEnv(), dir.resolve("nope.csv"));
        Result emptyResult = run(loginEnv(), empty);
        Result header = run(loginEnv(), noColumns);
        Result encoding = run(loginEnv(), notUtf8);

        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("nope.csv", "does not exist");
        assertThat(emptyResult.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyResult.err()).contains("empty.csv");
        assertThat(header.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(header.err()).contains("nocolumns.csv", "username", "system_id");
        assertThat(encoding.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(encoding.err()).contains("latin1.csv", "line 2", "UTF-8");
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    void missingSettingsAreUsageErrorsThatSayWhatToSet() throws Exception {
        Path input = file("one.csv", "username,system_id\nnewuser,stampede3\n");

        Result noUrl = run(Map.of("TAPIS_TOKEN", "t"), input);
        Result noCredentials = run(Map.of("TAPIS_BASE_URL", simulator.baseUrl()), input);
        Result noPassword = run(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", "tms-admin"), input);
        Result badAction = run(loginEnv(), input, "--action", "delete");
        Result noInput = CliRunner.run(loginEnv(), "run");
        Result nothing = CliRunner.run(Map.of());

        assertThat(noUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUrl.err()).contains("--tapis-url", "TAPIS_BASE_URL");
        assertThat(noCredentials.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCredentials.err()).contains("TAPIS_TOKEN", "TAPIS_USERNAME");
        assertThat(noPassword.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noPassword.err()).contains("TAPIS_PASSWORD", "--password-file");
        assertThat(badAction.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badAction.err()).contains("delete", "establish, remove, reset");
        assertThat(noInput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noInput.err()).contains("--input");
        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(simulator.totalCalls()).isZero();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aJobSettingThatCannotBeTakenIsAUsageErrorThatNamesItsPlace(CapturedOutput console) throws Exception {
        Path config = file("tms.yml", "tms:\n  retry:\n    base-delay: soon\n");
        Path negative = file("negative.yml", "tms:\n  chunk-size: -1\n");

        Result unreadable = CliRunner.run(Map.of("TMS_CONFIG", config.toString()), "status", "--repository-url", repository);
        Result refused = CliRunner.run(Map.of("TMS_CONFIG", negative.toString()), "status", "--repository-url", repository);

        assertThat(unreadable.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unreadable.err()).contains("Invalid setting tms.retry.base-delay = soon", "tms.yml", "3:",
                "'soon' is not a valid duration. Nothing was started.").doesNotContain("\tat ");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("Invalid setting under 'tms': chunk size must be positive (or 0 for the "
                + "default), not -1").doesNotContain("\tat ");
        assertThat(console.getAll()).as("nothing but the one line").doesNotContain("APPLICATION FAILED TO START")
                .doesNotContain("\tat ");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRepositoryThatCannotBeOpenedIsAUsageErrorInOneLine(CapturedOutput console) {
        Result result = CliRunner.run(Map.of(), "status", "--repository-url", "jdbc:postgresql://127.0.0.1:1/tms");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("tms-provisioner: Cannot open the job repository:")
                .contains("--repository-url").doesNotContain("\tat ").doesNotContain("..");
        assertThat(console.getAll()).as("no stack trace logged either").doesNotContain("\tat ");
    }

    @Test
    void reportOfAnUnknownExecutionIsAUsageError() {
        Result result = CliRunner.run(Map.of(), "report", "999", "--repository-url", repository);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("No execution 999");
    }

    @Test
    void theDemoRunsItsInputAgainstTheSimulatorAndPrintsTheReport() {
        Result result = CliRunner.run(Map.of(), "demo", "--input", Samples.ONBOARDING.toString(),
                "--simulator-state", Samples.SIMULATOR_STATE.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("Tapis simulator listening on http://127.0.0.1:", "COMPLETED",
                "Report of execution", "vista", "SYSLIB_CRED_VALID_FAIL");
        assertThat(result.out()).doesNotContain(Samples.adminPassword());
    }
}
