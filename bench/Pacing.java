import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.SshHostCounts;
import io.tmsprovisioner.simulator.TapisSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pacing benchmark behind bench/pacing.sh: the job at its default settings and the seed's helper on plain
 * threads, each against a fresh simulator with Systems' capacity limits (the per-host connect throttle, sshd's
 * MaxStartups, a verify step's handshake), beside the throttle-free limit computed from the run. The simulator runs
 * in this JVM, so its counters can be read; the job and the helper each in a JVM of their own.
 */
public class Pacing {
    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "bench-password-not-secret";
    /** Connects Systems' throttle admits per host in its window of 4 s, per process. */
    private static final int TAPIS_ADMITS = 8;
    private static final Pattern JOB = Pattern.compile("Throughput: (\\d+) rows in ([0-9.]+) s");
    private static final Pattern HELPER = Pattern.compile("rows (\\d+) in ([0-9.]+) s, (\\d+) calls, (\\d+) failed");

    private final Processes processes;
    private final Path tmp;
    private final String jar;
    private final String classpath;
    private final int latencyMillis;
    private final int verifyMillis;
    private final int helperThreads;

    /**
     * A tenant to run against: its systems and credentials, how many Systems processes share the calls, and how many
     * connects per host each one's throttle admits in 4 s.
     */
    record Scenario(String name, SimulatorState state, Path input, int processes, int admits) {
        /** Connects per second a host takes without a delay. */
        double connectsPerSecond() {
            return processes * admits / 4.0;
        }
    }

    /** What one run came to. */
    record Figures(String scenario, String runner, double seconds, double limitSeconds, int connects, int throttled,
                   int dropped, Duration connectMedian, Duration connectP95) {
        double ofLimit() {
            return limitSeconds / seconds;
        }

        double throttledShare() {
            return connects == 0 ? 0 : (double) throttled / connects;
        }
    }

    Pacing(Path tmp, String jar, String classpath, int latencyMillis, int verifyMillis, int helperThreads) {
        this.processes = new Processes(tmp);
        this.tmp = tmp;
        this.jar = jar;
        this.classpath = classpath;
        this.latencyMillis = latencyMillis;
        this.verifyMillis = verifyMillis;
        this.helperThreads = helperThreads;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Pacing bench = new Pacing(Path.of(args[0]), args[1], args[2],
                Integer.parseInt(env.getOrDefault("LATENCY", "20")), Integer.parseInt(env.getOrDefault("VERIFY", "250")),
                Integer.parseInt(env.getOrDefault("HELPER_THREADS", "32")));
        int hosts = Integer.parseInt(env.getOrDefault("HOSTS", "5"));
        int usersPerHost = Integer.parseInt(env.getOrDefault("USERS_PER_HOST", "120"));
        int oneHostUsers = Integer.parseInt(env.getOrDefault("ONE_HOST_USERS", "400"));
        int repeat = Integer.parseInt(env.getOrDefault("REPEAT", "1"));
        List<String> wanted = List.of(env.getOrDefault("SCENARIOS", "hosts one twice roomy").trim().split("\\s+"));
        List<Scenario> scenarios = new ArrayList<>();
        if (wanted.contains("hosts")) {
            scenarios.add(bench.scenario("several hosts", hosts, usersPerHost, 1, TAPIS_ADMITS));
        }
        if (wanted.contains("one")) {
            scenarios.add(bench.scenario("one host", 1, oneHostUsers, 1, TAPIS_ADMITS));
        }
        if (wanted.contains("twice")) {
            scenarios.add(bench.scenario("twice the budget", hosts, usersPerHost, 2, TAPIS_ADMITS));
        }
        if (wanted.contains("roomy")) {
            scenarios.add(bench.scenario("16 per 4 s", hosts, usersPerHost, 1, 2 * TAPIS_ADMITS));
        }
        List<Figures> figures = new ArrayList<>();
        for (int round = 1; round <= repeat; round++) {
            for (Scenario scenario : scenarios) {
                System.err.printf("round %d, %s: the job ...%n", round, scenario.name());
                figures.add(bench.measure(scenario, "job", bench::runJob));
                System.err.printf("round %d, %s: the helper on %d threads ...%n", round, scenario.name(),
                        bench.helperThreads);
                figures.add(bench.measure(scenario, "helper/" + bench.helperThreads, bench::runHelper));
            }
        }
        bench.print(figures);
    }

    @FunctionalInterface
    private interface Runner {
        /** Runs the scenario's input against the simulator; the seconds it took by its own account. */
        double run(TapisSimulator simulator, Path input) throws Exception;
    }

    private Figures measure(Scenario scenario, String runner, Runner run) throws Exception {
        try (TapisSimulator simulator = TapisSimulator.start(scenario.state())) {
            simulator.setLatency(Duration.ofMillis(latencyMillis));
            simulator.setVerifyLatency(Duration.ofMillis(verifyMillis));
            simulator.setSshThrottle(scenario.admits(), Duration.ofSeconds(4), Duration.ofSeconds(4),
                    Duration.ofSeconds(12));
            simulator.setSshMaxStartups(true);
            simulator.setSystemsProcesses(scenario.processes());
            double seconds = run.run(simulator, scenario.input());
            Map<String, SshHostCounts> hosts = simulator.sshHosts();
            double limit = hosts.values().stream().mapToDouble(host -> host.connects()
                    / scenario.connectsPerSecond()).max().orElse(0);
            return new Figures(scenario.name(), runner, seconds, limit,
                    hosts.values().stream().mapToInt(SshHostCounts::connects).sum(),
                    hosts.values().stream().mapToInt(SshHostCounts::throttled).sum(),
                    hosts.values().stream().mapToInt(SshHostCounts::dropped).sum(),
                    simulator.sshConnectTime(0.5), simulator.sshConnectTime(0.95));
        }
    }

    private double runJob(TapisSimulator simulator, Path input) throws Exception {
        String out = processes.run(List.of("java", "-jar", jar, "run", "--input", input.toString(), "--repository-url",
                        "jdbc:h2:file:" + processes.fresh("repo")),
                Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", ADMIN, "TAPIS_PASSWORD", PASSWORD));
        System.err.print(out.lines().filter(line -> line.startsWith("  ") && line.contains(" per ")
                || line.startsWith("SSH connects")).map(line -> "    " + line + "\n").reduce("", String::concat));
        return Double.parseDouble(Processes.find(JOB, out, "the job").group(2));
    }

    private double runHelper(TapisSimulator simulator, Path input) throws Exception {
        Matcher done = Processes.find(HELPER, processes.run(List.of("java", "-cp", classpath, "OldHelper",
                simulator.baseUrl(), ADMIN, PASSWORD, input.toString(), Integer.toString(helperThreads)), Map.of()),
                "the helper");
        if (!done.group(4).equals("0")) {
            System.err.printf("    the helper had %s failed rows%n", done.group(4));
        }
        return Double.parseDouble(done.group(2));
    }

    private void print(List<Figures> figures) {
        String row = "%-18s %-10s %8s %8s %8s %9s %9s %7s %7s %10s %9s%n";
        System.out.println();
        System.out.printf(row, "scenario", "run", "seconds", "limit s", "of limit", "connects", "throttled", "share",
                "dropped", "answer p50", "p95");
        for (Figures f : figures) {
            System.out.printf(row, f.scenario(), f.runner(), String.format("%.1f", f.seconds()),
                    String.format("%.1f", f.limitSeconds()), String.format("%.1f%%", 100 * f.ofLimit()), f.connects(),
                    f.throttled(), String.format("%.1f%%", 100 * f.throttledShare()), f.dropped(),
                    answer(f.connectMedian()), answer(f.connectP95()));
        }
        System.out.println();
        for (int i = 0; i + 1 < figures.size(); i += 2) {
            Figures job = figures.get(i);
            Figures helper = figures.get(i + 1);
            System.out.printf("%s: the job took %.2fx the helper's time, %.1f%% of the throttle-free limit with %.1f%% "
                            + "of its connects throttled (the helper %.1f%% and %.1f%%)%n", job.scenario(),
                    job.seconds() / helper.seconds(), 100 * job.ofLimit(), 100 * job.throttledShare(),
                    100 * helper.ofLimit(), 100 * helper.throttledShare());
        }
        if (figures.size() > 2) {
            printSpread(figures);
        }
        if (figures.stream().anyMatch(f -> f.scenario().equals("twice the budget"))) {
            printRandomRoutingFrontier(2);
        }
        System.out.printf("limit s = the slowest host's connects / (the connects its throttles admit per second: 2 per "
                + "Systems process, 4 for \"16 per 4 s\"); answer = %d ms of latency + the connect (throttle sleep "
                + "and %d ms handshake); the service time of a connecting call is %d ms%n", latencyMillis,
                verifyMillis, latencyMillis + verifyMillis);
    }

    /** Over the rounds, each scenario's and runner's lowest and highest share of the limit and share throttled. */
    private static void printSpread(List<Figures> figures) {
        Map<String, List<Figures>> byRun = new LinkedHashMap<>();
        figures.forEach(f -> byRun.computeIfAbsent(f.scenario() + ", " + f.runner(), k -> new ArrayList<>()).add(f));
        System.out.println();
        byRun.forEach((run, rounds) -> System.out.printf("%s over %d rounds: %.1f%% to %.1f%% of the limit, %.1f%% to "
                        + "%.1f%% throttled%n", run, rounds.size(),
                100 * rounds.stream().mapToDouble(Figures::ofLimit).min().orElse(0),
                100 * rounds.stream().mapToDouble(Figures::ofLimit).max().orElse(0),
                100 * rounds.stream().mapToDouble(Figures::throttledShare).min().orElse(0),
                100 * rounds.stream().mapToDouble(Figures::throttledShare).max().orElse(0)));
    }

    /**
     * What any client could reach when each connect lands at random on one of {@code processes} Systems processes:
     * connects paced perfectly evenly at P per paced window, each process admitting 8 in any 4 s (a throttled
     * connect is not recorded, as in Tapis), over 200,000 connects. A client cannot see which process a connect
     * will land on, so this is the least share throttled at each fraction of the combined limit.
     */
    private static void printRandomRoutingFrontier(int processes) {
        double window = 4.0;
        double pacedWindow = 4.25;
        int admitted = 8;
        int connects = 200_000;
        System.out.printf("%nconnects paced evenly at P per %.2f s, each landing at random on one of %d Systems "
                + "processes (8 per 4 s each):%n", pacedWindow, processes);
        for (int pace = admitted; pace <= 2 * admitted; pace++) {
            Random balancer = new Random(pace);
            List<ArrayDeque<Double>> windows = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                windows.add(new ArrayDeque<>());
            }
            int throttled = 0;
            for (int i = 0; i < connects; i++) {
                double now = i * pacedWindow / pace;
                ArrayDeque<Double> starts = windows.get(balancer.nextInt(processes));
                while (!starts.isEmpty() && now - starts.peekFirst() >= window) {
                    starts.removeFirst();
                }
                if (starts.size() >= admitted) {
                    throttled++;
                } else {
                    starts.addLast(now);
                }
            }
            System.out.printf("  P %2d: %5.1f%% of the combined limit, %5.1f%% throttled%n", pace,
                    100 * (pace / pacedWindow) / (processes * admitted / window), 100.0 * throttled / connects);
        }
    }

    private String answer(Duration connect) {
        return (connect.toMillis() + latencyMillis) + " ms";
    }

    /**
     * {@code hosts} hosts, each with two TMS_KEYS systems, {@code usersPerHost} users on each host (each user on one
     * of its systems, in turn); every other user already holds a credential there: half the rows are checks of a
     * stored credential, half creates whose new keys are checked. Each row is one SSH connect.
     */
    private Scenario scenario(String name, int hosts, int usersPerHost, int processes, int admits)
            throws IOException {
        List<SystemDef> systems = new ArrayList<>();
        List<Credential> stored = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (int host = 1; host <= hosts; host++) {
            String hostName = String.format("login%02d.example.org", host);
            for (String suffix : List.of("a", "b")) {
                systems.add(new SystemDef(String.format("sys%02d%s", host, suffix), "TMS_KEYS", ADMIN, false, false,
                        hostName, "LINUX", "${apiUserId}"));
            }
        }
        for (int user = 0; user < usersPerHost; user++) {
            for (int host = 1; host <= hosts; host++) {
                String system = String.format("sys%02d%s", host, user % 2 == 0 ? "a" : "b");
                String username = String.format("user%05d", user);
                lines.add(username + "," + system);
                if (user / 2 % 2 == 0) {
                    stored.add(new Credential(system, username));
                }
            }
        }
        Path input = Files.write(tmp.resolve(name.replace(' ', '-') + ".csv"), lines);
        SimulatorState state = new SimulatorState(SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS,
                List.of(new Account(ADMIN, PASSWORD, true)), systems, stored);
        return new Scenario(name, state, input, processes, admits);
    }
}
