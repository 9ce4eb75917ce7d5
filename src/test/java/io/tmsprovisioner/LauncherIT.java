package io.tmsprovisioner;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tms-provisioner} against the packaged jar (hence run by failsafe, after {@code package}): it prints
 * what {@code java -jar} prints, prepares its cache once even when two processes start at once, and falls back
 * to the jar when it cannot prepare one.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "tms-provisioner").toAbsolutePath();
    private static final Path JAR = Path.of("target", "tms-provisioner.jar").toAbsolutePath();

    @TempDir
    static Path dir;

    static String repository;
    /** {@code status} of a repository holding the demo's run, as {@code java -jar} prints it. */
    static Run statusByJar;

    @BeforeAll
    static void repositoryWithOneRun() throws Exception {
        repository = "jdbc:h2:file:" + dir.resolve("repository");
        Run demo = run(Map.of(), java(), "-jar", JAR.toString(), "demo", "--repository-url", repository);
        assertThat(demo.exitCode()).as(demo.output()).isZero();
        statusByJar = run(Map.of(), java(), "-jar", JAR.toString(), "status", "--repository-url", repository);
        assertThat(statusByJar.output()).contains("COMPLETED WITH FAILURES");
    }

    @Test
    void twoFirstStartsPublishOneArchiveThatLaterStartsUse(@TempDir Path cache) throws Exception {
        Map<String, String> env = Map.of("TMS_PROVISIONER_CACHE", cache.toString());
        Process first = start(env, LAUNCHER.toString(), "--version");
        Process second = start(env, LAUNCHER.toString(), "--version");
        for (Process process : List.of(first, second)) {
            Run run = finished(process);
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).isEqualTo("tms-provisioner 0.1.0\n");
        }

        // one link to one complete directory; the loser's copy is gone
        List<Path> entries;
        try (Stream<Path> list = Files.list(cache)) {
            entries = list.toList();
        }
        List<Path> links = entries.stream().filter(Files::isSymbolicLink).toList();
        assertThat(links).hasSize(1);
        Path published = links.get(0).toRealPath();
        assertThat(entries).map(Path::getFileName)
                .containsExactlyInAnyOrder(links.get(0).getFileName(), published.getFileName());
        assertThat(published.resolve("app/tms.jsa")).isRegularFile();
        assertThat(published.resolve("app/tms-provisioner.jar")).isRegularFile();

        // -Xshare:on: the JVM refuses to start unless it can map the archive
        Run status = run(Map.of("TMS_PROVISIONER_CACHE", cache.toString(), "JAVA_OPTS", "-Xshare:on"),
                LAUNCHER.toString(), "status", "--repository-url", repository);
        assertThat(status).isEqualTo(statusByJar);
    }

    @Test
    void withoutAUsableCacheRunsTheJarAsItIs(@TempDir Path home) throws Exception {
        Path notADirectory = Files.writeString(home.resolve("file"), "");
        Run status = run(Map.of("TMS_PROVISIONER_CACHE", notADirectory.resolve("cache").toString()),
                LAUNCHER.toString(), "status", "--repository-url", repository);
        assertThat(status).isEqualTo(statusByJar);
    }

    @Test
    void withoutAJarSaysHowToBuildIt(@TempDir Path elsewhere) throws Exception {
        Path copy = Files.copy(LAUNCHER, elsewhere.resolve("tms-provisioner"));
        Run run = run(Map.of("TMS_PROVISIONER_CACHE", elsewhere.resolve("cache").toString()),
                copy.toString(), "status");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("no tms-provisioner.jar next to " + copy)
                .contains("./mvnw -B -q package -DskipTests");
        assertThat(elsewhere.resolve("cache")).doesNotExist();
    }

    record Run(int exitCode, String output) {
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return finished(start(env, command));
    }

    /** Standard output and error together; the launcher gets this test's Java as JAVA. */
    private static Process start(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                .directory(dir.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA", java());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Run finished(Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }
}
