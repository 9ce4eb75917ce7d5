package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's structured console logging ({@code logging.structured.format.console}), at debug level:
 * every log line is one JSON object, and no field holds a password or a token.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests extends CliTestSupport {
    /** Set for the test; Spring Boot copies the format into CONSOLE_LOG_STRUCTURED_FORMAT, which outlives it. */
    private static final List<String> PROPERTIES = List.of("logging.structured.format.console", "logging.level.root",
            "logging.level.io.tmsprovisioner", "CONSOLE_LOG_STRUCTURED_FORMAT");
    /** A field that only the format's layout has. */
    private static final Map<String, String> FIELD_OF = Map.of("ecs", "ecs", "logstash", "@version");

    @AfterEach
    void plainLogsAgain() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void everyLogLineIsOneJsonObjectWithoutSecrets(String format, CapturedOutput logs) throws Exception {
        // given
        Path passwordFile = passwordFile();
        System.setProperty("logging.structured.format.console", format);
        System.setProperty("logging.level.root", "DEBUG");
        System.setProperty("logging.level.io.tmsprovisioner", "TRACE");

        // when: a run that logs in, creates, fails rows and resumes nothing, then status
        Result run = run(Map.of("TAPIS_USERNAME", Samples.ADMIN), Samples.ONBOARDING, "--tapis-url",
                simulator.baseUrl(), "--password-file", passwordFile.toString());
        Result status = CliRunner.run(Map.of(), "status", "--repository-url", repository);

        // then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(status.exitCode()).isZero();
        List<String> lines = logs.getAll().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("debug logging was on").hasSizeGreaterThan(50);
        for (String line : lines) {
            JsonNode event = JsonMapper.shared().readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.has(FIELD_OF.get(format))).as("%s layout: %s", format, line).isTrue();
        }
        assertThat(logs.getAll()).contains("POST /v3/systems/credential/")
                .doesNotContain(Samples.adminPassword())
                // the simulator's JWTs, like real ones, start with the base64 of '{"'
                .doesNotContain("eyJ");
    }
}
