package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.simulator.TapisSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line against a fresh Tapis simulator and a fresh repository per test: what CLI tests share. */
abstract class CliTestSupport {
    @TempDir
    Path dir;

    TapisSimulator simulator;
    String repository;

    @BeforeEach
    void startSimulatorAndRepository() {
        simulator = Samples.startSimulator();
        repository = newRepository();
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    /** The JDBC URL of a new, empty repository: an H2 file in the test's directory. */
    String newRepository() {
        return "jdbc:h2:file:" + dir.resolve("repository");
    }

    /**
     * The environment of an administrator who logs in to the simulator; creates get 2 s, so that the check after a
     * lost create's answer waits 2 s rather than a real run's 3 minutes; and no pace, as the simulator has no
     * connect throttle; and no retry patience, so that a call failing for good gives up after its attempts, not
     * a minute.
     */
    Map<String, String> loginEnv() {
        return Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", Samples.ADMIN,
                "TAPIS_PASSWORD", Samples.adminPassword(), "TMS_WRITE_TIMEOUT", "2", "TMS_PACING_ENABLED", "false",
                "TMS_RETRY_PATIENCE", "0");
    }

    /** The administrator's password in a file as the README asks for it: readable by its owner only. */
    Path passwordFile() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), Samples.adminPassword() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** {@code run --input=INPUT --repository-url REPOSITORY MORE...} */
    Result run(Map<String, String> env, Path input, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--input=" + input, "--repository-url", repository));
        args.addAll(List.of(more));
        return CliRunner.run(env, args.toArray(String[]::new));
    }
}
