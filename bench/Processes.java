import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks share: running a command in a JVM of its own, its output kept in a log, and reading figures. */
final class Processes {
    private final Path tmp;
    private final AtomicInteger runs = new AtomicInteger();

    Processes(Path tmp) {
        this.tmp = tmp;
    }

    /** A fresh file in the benchmark's directory, e.g. for a job repository. */
    Path fresh(String prefix) {
        return tmp.resolve(prefix + "-" + runs.incrementAndGet());
    }

    /** Runs the command to its end; its output. Exit 0 and 3 (rows needing attention) are a run that completed. */
    String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path log = tmp.resolve("run-" + runs.incrementAndGet() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        int exit = builder.start().waitFor();
        String out = Files.readString(log);
        if (exit != 0 && exit != 3) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ":\n" + out);
        }
        return out;
    }

    static Matcher find(Pattern pattern, String out, String name) {
        Matcher matcher = pattern.matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException(name + " printed no figures:\n" + out);
        }
        return matcher;
    }
}
