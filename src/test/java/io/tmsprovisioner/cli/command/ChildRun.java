package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Main;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.simulator.TapisSimulator;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run} of the sample onboarding file in a JVM of its own, to be killed or signalled as a real one is. */
final class ChildRun {
    private final Process process;
    private final Path log;

    private ChildRun(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param env  more environment for the child (TMS_* settings, the repository's credentials)
     * @param args more options of {@code run}
     */
    static ChildRun start(TapisSimulator simulator, String repository, Path log, Map<String, String> env,
                          String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(),
                "run", "--input", Samples.ONBOARDING.toString(), "--tapis-url", simulator.baseUrl(),
                "--repository-url", repository));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TAPIS_USERNAME", Samples.ADMIN);
        builder.environment().put("TAPIS_PASSWORD", Samples.adminPassword());
        builder.environment().putAll(env);
        return new ChildRun(builder.start(), log);
    }

    Process process() {
        return process;
    }

    /** What the child printed so far, standard output and error together. */
    String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * Waits until the child has printed {@code text}. The child gives no other signal, so this reads its output
     * every 20 ms, for at most a minute.
     */
    void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!output().contains(text) && process.isAlive() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (!output().contains(text)) {
            throw new AssertionError("the child never printed '" + text + "'; it printed:\n" + output());
        }
    }

    /**
     * The child ended within {@code within} as a graceful stop ends a run: exit 1, said in one line without a stack
     * trace; its only execution STOPPED, with the rows in flight recorded and the rest left.
     */
    void assertStoppedGracefully(Duration within, JdbcTemplate repository) throws IOException, InterruptedException {
        assertThat(process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)).as("ended within " + within).isTrue();
        assertThat(process.exitValue()).as(output()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(output()).contains("stopped: run the same command to resume")
                .doesNotContain("Exception").doesNotContainPattern("(?m)^\\s+at ");
        assertThat(repository.queryForList("SELECT STATUS FROM BATCH_JOB_EXECUTION", String.class))
                .containsExactly("STOPPED");
        assertThat(repository.queryForObject("SELECT COUNT(*) FROM PROVISIONING_OUTCOME", Integer.class))
                .as("the rows in flight were recorded, the rest left")
                .isGreaterThanOrEqualTo(5).isLessThan(Samples.ONBOARDING_OUTCOMES.size());
    }
}
