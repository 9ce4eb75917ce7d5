import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.TapisSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput benchmark behind bench/run.sh. The simulator runs in this JVM (so its service time, the
 * latency it slept, can be read and reset after a warm-up), the job and the baseline each in a JVM of
 * their own, started cold as from cron. See bench/run.sh for the runs and the figures.
 */
public class Throughput {
    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "bench-password-not-secret";
    private static final Pattern THROUGHPUT = Pattern.compile("Throughput: (\\d+) rows in ([0-9.]+) s .*?(\\d+) Tapis "
            + "calls .*?peak heap (\\d+) MiB");
    private static final Pattern TAPIS = Pattern.compile("Tapis: ([0-9.]+) ms per answer on average; ([0-9.]+) calls in "
            + "flight on average");
    private static final Pattern BASELINE = Pattern.compile("rows (\\d+) in ([0-9.]+) s, (\\d+) calls, (\\d+) failed");

    private final Path tmp;
    private final String jar;
    private final String classpath;
    private final List<String> jvmOptions;
    private final int concurrency;
    private final int latencyMillis;
    private final double createFactor;
    private final Processes processes;

    /** One measured run: rows, seconds of its own (the JVM's start excluded), Tapis calls, and what Tapis did. */
    record Figures(String name, long rows, double seconds, long calls, long heapMiB, double inFlight,
                   Duration service, int mostInFlight) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double busy(int threads) {
            return service.toNanos() / 1e9 / (threads * seconds);
        }
    }

    Throughput(Path tmp, String jar, String classpath, List<String> jvmOptions, int concurrency, int latencyMillis,
               double createFactor) {
        this.tmp = tmp;
        this.jar = jar;
        this.classpath = classpath;
        this.jvmOptions = jvmOptions;
        this.concurrency = concurrency;
        this.latencyMillis = latencyMillis;
        this.createFactor = createFactor;
        this.processes = new Processes(tmp);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Path tmp = Path.of(args[0]);
        int rows = Integer.parseInt(env.getOrDefault("ROWS", "10000"));
        int warmRows = Integer.parseInt(env.getOrDefault("WARM_ROWS", "4000"));
        int million = Integer.parseInt(env.getOrDefault("MILLION", "1000000"));
        int oneSystemRows = Integer.parseInt(env.getOrDefault("ONE_SYSTEM_ROWS", "2000"));
        List<Double> sigmas = List.of(env.getOrDefault("SIGMAS", "0 1 1.5").trim().split("\\s+")).stream()
                .map(Double::parseDouble).toList();
        Throughput bench = new Throughput(tmp, args[1], args[2],
                List.of(env.getOrDefault("JVM_OPTS", "-XX:TieredStopAtLevel=1").trim().split("\\s+")),
                Integer.parseInt(env.getOrDefault("CONCURRENCY", "32")),
                Integer.parseInt(env.getOrDefault("LATENCY", "20")),
                Double.parseDouble(env.getOrDefault("CREATE_FACTOR", "3")));

        Path input = bench.input("input", rows, 20);
        Path warm = bench.warmInput(warmRows);
        SimulatorState state = state(rows, 20);
        List<Figures[]> pairs = new ArrayList<>();
        for (double sigma : sigmas) {
            System.err.printf("sigma %.1f: the job, then the baseline, %d rows at concurrency %d ...%n", sigma, rows,
                    bench.concurrency);
            pairs.add(new Figures[] {bench.job("job", state, input, warm, sigma, List.of()),
                    bench.baseline(state, input, warm, sigma)});
        }
        System.err.printf("one system: %d rows of one system, sigma 1, concurrency %d ...%n", oneSystemRows,
                bench.concurrency);
        Figures oneSystem = bench.job("one system", state(oneSystemRows, 1), bench.input("one", oneSystemRows, 1),
                warm, 1, List.of());
        System.err.printf("overhead: %d rows at 0 ms ...%n", rows);
        Figures overhead = bench.job("overhead", state, input, null, -1, List.of());
        Figures big = null;
        if (million > 0) {
            System.err.printf("million: %d rows at 0 ms, -Xmx256m ...%n", million);
            big = bench.job("million", state(million, 20), bench.input("million", million, 20), null, -1,
                    List.of("-Xmx256m"));
        }
        bench.print(sigmas, pairs, oneSystem, overhead, big);
    }

    private void print(List<Double> sigmas, List<Figures[]> pairs, Figures oneSystem, Figures overhead, Figures big) {
        String row = "%-22s %9s %8s %8s %10s %9s %10s %9s%n";
        System.out.println();
        System.out.printf(row, "run", "rows", "seconds", "rows/s", "calls/row", "in Tapis", "in flight", "heap MiB");
        for (int i = 0; i < sigmas.size(); i++) {
            for (Figures f : pairs.get(i)) {
                line(row, String.format("%s, sigma %.1f", f.name(), sigmas.get(i)), f);
            }
        }
        line(row, "job, one system", oneSystem);
        line(row, "job, 0 ms", overhead);
        if (big != null) {
            line(row, "job, 0 ms, -Xmx256m", big);
        }
        System.out.println();
        for (int i = 0; i < sigmas.size(); i++) {
            Figures job = pairs.get(i)[0];
            Figures baseline = pairs.get(i)[1];
            System.out.printf("sigma %.1f: the job keeps %.1f%% of thread-time in Tapis calls (the baseline %.1f%%), "
                            + "%.2fx the baseline's rows/s, %.2f against %.2f calls per row%n", sigmas.get(i),
                    100 * job.busy(concurrency), 100 * baseline.busy(concurrency),
                    job.rowsPerSecond() / baseline.rowsPerSecond(), job.calls() / (double) job.rows(),
                    baseline.calls() / (double) baseline.rows());
        }
        System.out.printf("one system at concurrency %d: at most %d calls in flight to it (--per-system-concurrency "
                + "8)%n", concurrency, oneSystem.mostInFlight());
        System.out.println("in Tapis = the simulator's service time / (threads x the run's seconds); in flight = the "
                + "job's own mean of calls waiting for an answer");
    }

    private void line(String format, String name, Figures f) {
        System.out.printf(format, name, f.rows(), String.format("%.2f", f.seconds()), String.format("%.0f",
                        f.rowsPerSecond()), String.format("%.3f", f.calls() / (double) f.rows()),
                f.service().isZero() ? "-" : String.format("%.1f%%", 100 * f.busy(concurrency)),
                Double.isNaN(f.inFlight()) ? "-" : String.format("%.1f", f.inFlight()),
                f.heapMiB() < 0 ? "-" : Long.toString(f.heapMiB()));
    }

    /** The job, on a simulator warmed by a throwaway job (null: cold) and with this spread (negative: 0 ms). */
    private Figures job(String name, SimulatorState state, Path input, Path warm, double sigma, List<String> heap)
            throws Exception {
        try (TapisSimulator simulator = simulator(state, sigma)) {
            if (warm != null) {
                runJob(simulator, warm, List.of());
            }
            simulator.resetCounters();
            String out = runJob(simulator, input, heap);
            Matcher throughput = Processes.find(THROUGHPUT, out, name);
            Matcher tapis = Processes.find(TAPIS, out, name);
            return new Figures(name, Long.parseLong(throughput.group(1)), Double.parseDouble(throughput.group(2)),
                    Long.parseLong(throughput.group(3)), Long.parseLong(throughput.group(4)),
                    Double.parseDouble(tapis.group(2)), simulator.serviceTime(),
                    simulator.mostInFlight().values().stream().mapToInt(Integer::intValue).max().orElse(0));
        }
    }

    /** The old helper's work on plain threads, on a simulator warmed like the job's. */
    private Figures baseline(SimulatorState state, Path input, Path warm, double sigma) throws Exception {
        try (TapisSimulator simulator = simulator(state, sigma)) {
            runJob(simulator, warm, List.of());
            simulator.resetCounters();
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classpath, "OldHelper", simulator.baseUrl(), ADMIN, PASSWORD,
                    input.toString(), Integer.toString(concurrency)));
            Matcher done = Processes.find(BASELINE, processes.run(command, Map.of()), "baseline");
            if (!done.group(4).equals("0")) {
                throw new IllegalStateException("the baseline had " + done.group(4) + " failed rows");
            }
            return new Figures("baseline", Long.parseLong(done.group(1)), Double.parseDouble(done.group(2)),
                    Long.parseLong(done.group(3)), -1, Double.NaN, simulator.serviceTime(), 0);
        }
    }

    private TapisSimulator simulator(SimulatorState state, double sigma) {
        TapisSimulator simulator = TapisSimulator.start(state);
        if (sigma >= 0) {
            simulator.setLatency(Duration.ofMillis(latencyMillis));
            simulator.setLatencySpread(sigma, createFactor);
        }
        return simulator;
    }

    private String runJob(TapisSimulator simulator, Path input, List<String> heap) throws Exception {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(heap);
        command.addAll(List.of("-jar", jar, "run", "--input", input.toString(), "--concurrency",
                Integer.toString(concurrency), "--repository-url", "jdbc:h2:file:" + processes.fresh("repo")));
        // the simulator has no connect throttle here: the job's own cost per row is what this measures
        return processes.run(command, Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", ADMIN,
                "TAPIS_PASSWORD", PASSWORD, "TMS_PACING_ENABLED", "false"));
    }

    /** {@code rows} establish rows of distinct users over {@code systems} systems, user by user. */
    private Path input(String name, int rows, int systems) throws IOException {
        List<String> lines = new ArrayList<>(rows + 1);
        lines.add("username,system_id");
        for (int n = 0; n < rows; n++) {
            lines.add(String.format("user%06d,sys%02d", n / systems, n % systems + 1));
        }
        return Files.write(tmp.resolve(name + ".csv"), lines);
    }

    /** Rows for users the measured inputs never name. */
    private Path warmInput(int rows) throws IOException {
        List<String> lines = new ArrayList<>(rows + 1);
        lines.add("username,system_id");
        for (int n = 0; n < rows; n++) {
            lines.add(String.format("warm%06d,sys%02d", n / 20, n % 20 + 1));
        }
        return Files.write(tmp.resolve("warm.csv"), lines);
    }

    /**
     * 20 systems, 17 of them TMS_KEYS (or just sys01 for one system); every other user has a credential on
     * each: about half the rows present, most of the rest missing on TMS systems, some on systems without TMS.
     */
    private static SimulatorState state(int rows, int systems) {
        List<SystemDef> defs = new ArrayList<>();
        for (int s = 1; s <= 20; s++) {
            defs.add(new SystemDef(String.format("sys%02d", s), s <= 17 ? "TMS_KEYS" : "PASSWORD", ADMIN, false, false));
        }
        List<Credential> credentials = new ArrayList<>();
        for (int user = 0; user < (rows + systems - 1) / systems; user += 2) {
            for (int s = 1; s <= systems; s++) {
                credentials.add(new Credential(String.format("sys%02d", s), String.format("user%06d", user)));
            }
        }
        return new SimulatorState(SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS,
                List.of(new Account(ADMIN, PASSWORD, true)), defs, credentials);
    }
}
