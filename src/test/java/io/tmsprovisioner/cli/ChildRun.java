package io.tmsprovisioner.cli;

import io.tmsprovisioner.Main;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.simulator.TapisSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
}
