package io.tmsprovisioner.cli;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.CliRunner.Result;
import io.tmsprovisioner.simulator.TapisSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's structured console logging ({@code logging.structured.format.console}), at debug level:
 * every log line is one JSON object, and no field holds a password or a token.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {
    private static final List<String> PROPERTIES = List.of("logging.structured.format.console", "logging.level.root",
            "logging.level.io.tmsprovisioner");

    @TempDir
    Path dir;
    TapisSimulator simulator;

    @BeforeEach
    void setUp() {
        simulator = Samples.startSimulator();
    }

    @AfterEach
    void tearDown() {
        simulator.close();
        PROPERTIES.forEach(System::clearProperty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void everyLogLineIsOneJsonObjectWithoutSecrets(String format, CapturedOutput logs) throws Exception {
        // given
        Path passwordFile = Files.writeString(dir.resolve("password"), Samples.adminPassword() + "\n");
        String repository = "jdbc:h2:file:" + dir.resolve("repository");
        System.setProperty("logging.structured.format.console", format);
        System.setProperty("logging.level.root", "DEBUG");
        System.setProperty("logging.level.io.tmsprovisioner", "TRACE");

        // when: a run that logs in, creates, fails rows and resumes nothing, then status
        Result run = CliRunner.run(Map.of("TAPIS_USERNAME", Samples.ADMIN), "run", "--input",
                Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(), "--password-file",
                passwordFile.toString(), "--repository-url", repository);
        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);

        // then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(status.exitCode()).isZero();
        List<String> lines = logs.getAll().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("debug logging was on").hasSizeGreaterThan(50);
        for (String line : lines) {
            JsonNode event = JsonMapper.shared().readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
        }
        assertThat(logs.getAll()).contains("POST /v3/systems/credential/")
                .doesNotContain(Samples.adminPassword())
                // the simulator's JWTs, like real ones, start with the base64 of '{"'
                .doesNotContain("eyJ");
    }
}
