import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The nightly-roster benchmark behind bench/nightly.sh: a roster of USERS x SYSTEMS pairs, all created by a first
 * night, then a second night one day later whose roster lost CHURN of its users and gained as many, run with --sync
 * four ways on copies of the same repository against the same tenant: checking every pair (neither), with
 * --reverify-after, with the credential listing (a tenant admin), and with both. The simulator runs in this JVM
 * with Systems' limits (per-host connect throttle, MaxStartups, a handshake per connect); the job in its own.
 */
public class Nightly {
    private static final String ADMIN = "bench-admin";
    private static final String PASSWORD = "bench-password-not-secret";
    private static final String ROSTER = "bench-roster";
    private static final Pattern JOB = Pattern.compile("Throughput: (\\d+) rows in ([0-9.]+) s");

    private final Processes processes;
    private final Path tmp;
    private final String jar;
    private final int users;
    private final int systems;
    private final double churn;
    private final String reverifyAfter;
    private final int latencyMillis;
    private final int verifyMillis;
    private final int port;

    Nightly(Path tmp, String jar, Map<String, String> env) throws IOException {
        this.processes = new Processes(tmp);
        this.tmp = tmp;
        this.jar = jar;
        boolean quick = "1".equals(env.get("SHORT"));
        this.users = Integer.parseInt(env.getOrDefault("USERS", quick ? "120" : "2000"));
        this.systems = Integer.parseInt(env.getOrDefault("SYSTEMS", quick ? "5" : "10"));
        this.churn = Double.parseDouble(env.getOrDefault("CHURN", "0.01"));
        this.reverifyAfter = env.getOrDefault("REVERIFY_AFTER", "7d");
        this.latencyMillis = Integer.parseInt(env.getOrDefault("LATENCY", "20"));
        this.verifyMillis = Integer.parseInt(env.getOrDefault("VERIFY", "250"));
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort(); // one tenant URL for every night: verifications count per tenant
        }
    }

    /** What one night cost. */
    record Night(String name, int rows, double seconds, int calls, int sshConnects, int checks, int listings,
                 int creates, int removes) {
    }

    public static void main(String[] args) throws Exception {
        Nightly bench = new Nightly(Path.of(args[0]), args[1], System.getenv());
        bench.run();
    }

    private void run() throws Exception {
        int changed = Math.max(1, (int) Math.round(users * churn));
        Path night1 = roster("night1.csv", 0, users);
        Path night2 = roster("night2.csv", changed, users + changed);
        Path repository = tmp.resolve("after-night1");
        System.err.printf("night 1: %d users x %d systems = %d pairs, all created (no throttle: setting up) ...%n",
                users, systems, users * systems);
        try (TapisSimulator simulator = TapisSimulator.start(state(List.of()), port)) {
            simulator.setSshThrottleOff();
            // the job's own pace would keep to the throttle's budget all the same: off for this night only
            runJob(simulator, night1, repository, List.of("--no-listing"), Map.of("TMS_PACING_ENABLED", "false"));
        }
        backDate(repository);
        List<Credential> stored = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            for (int system = 0; system < systems; system++) {
                stored.add(new Credential(system(system), user(user)));
            }
        }
        List<Night> nights = new ArrayList<>();
        nights.add(night("neither", night2, repository, stored, List.of("--no-listing")));
        nights.add(night("--reverify-after " + reverifyAfter, night2, repository, stored,
                List.of("--no-listing", "--reverify-after", reverifyAfter)));
        nights.add(night("listing", night2, repository, stored, List.of()));
        nights.add(night("both", night2, repository, stored, List.of("--reverify-after", reverifyAfter)));
        print(nights, changed);
    }

    private Night night(String name, Path roster, Path repository, List<Credential> stored, List<String> options)
            throws Exception {
        System.err.printf("night 2, %s ...%n", name);
        Path copy = tmp.resolve("repository-" + name.replaceAll("[^a-z0-9]", ""));
        Files.copy(repository.resolveSibling(repository.getFileName() + ".mv.db"),
                copy.resolveSibling(copy.getFileName() + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
        try (TapisSimulator simulator = TapisSimulator.start(state(stored), port)) {
            simulator.setLatency(Duration.ofMillis(latencyMillis));
            simulator.setVerifyLatency(Duration.ofMillis(verifyMillis));
            simulator.setTapisSshThrottle();
            simulator.setSshMaxStartups(true);
            String out = runJob(simulator, roster, copy, options, Map.of());
            var throughput = Processes.find(JOB, out, name);
            return new Night(name, Integer.parseInt(throughput.group(1)), Double.parseDouble(throughput.group(2)),
                    simulator.totalCalls(), simulator.sshConnects(), simulator.calls(Endpoint.CHECK_CREDENTIAL),
                    simulator.calls(Endpoint.LIST_SYSTEMS), simulator.calls(Endpoint.CREATE_CREDENTIAL),
                    simulator.calls(Endpoint.REMOVE_CREDENTIAL));
        }
    }

    private String runJob(TapisSimulator simulator, Path roster, Path repository, List<String> options,
                          Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar, "run", "--input", roster.toString(),
                "--systems", String.join(",", systemIds()), "--roster", ROSTER, "--sync", "--max-destructive",
                "1000000", "--expanded-dir", tmp.resolve("expanded").toString(),
                "--repository-url", "jdbc:h2:file:" + repository));
        command.addAll(options);
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", ADMIN, "TAPIS_PASSWORD", PASSWORD));
        return processes.run(command, env);
    }

    /** As if the first night had been a day ago. */
    private static void backDate(Path repository) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + repository, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE PROVISIONING_OUTCOME SET RECORDED_AT = DATEADD('DAY', -1, RECORDED_AT)");
        }
    }

    private Path roster(String name, int from, int to) throws IOException {
        List<String> lines = new ArrayList<>(List.of("username"));
        for (int user = from; user < to; user++) {
            lines.add(user(user));
        }
        return Files.write(tmp.resolve(name), lines);
    }

    private List<String> systemIds() {
        List<String> ids = new ArrayList<>();
        for (int system = 0; system < systems; system++) {
            ids.add(system(system));
        }
        return ids;
    }

    private static String user(int user) {
        return String.format("user%05d", user);
    }

    private static String system(int system) {
        return String.format("sys%02d", system);
    }

    /**
     * One host per system, each shared with every user of both nights (Tapis lists for a user only the systems the
     * user may read); a tenant admin, who may list credentials on any user's behalf.
     */
    private SimulatorState state(List<Credential> stored) {
        List<String> readers = new ArrayList<>();
        for (int user = 0; user < users + Math.max(1, (int) Math.round(users * churn)); user++) {
            readers.add(user(user));
        }
        List<SystemDef> defs = new ArrayList<>();
        for (int system = 0; system < systems; system++) {
            defs.add(new SystemDef(system(system), "TMS_KEYS", ADMIN, false, false,
                    String.format("login%02d.example.org", system), "LINUX", "${apiUserId}", readers));
        }
        return new SimulatorState(SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS,
                List.of(new Account(ADMIN, PASSWORD, true)), defs, stored);
    }

    private void print(List<Night> nights, int changed) {
        System.out.printf("%nsecond night of a roster of %d users x %d systems = %d pairs, one day after the first: %d "
                        + "users left, %d joined (%d pairs each way); every run --sync; %d ms per call, %d ms per SSH "
                        + "handshake, Systems' connect throttle (8 per host per 4 s)%n%n", users, systems,
                users * systems, changed, changed, changed * systems, latencyMillis, verifyMillis);
        String row = "%-24s %8s %9s %9s %9s %9s %9s %8s %8s%n";
        System.out.printf(row, "night 2", "rows", "seconds", "calls", "SSH conn.", "checks", "listings", "creates",
                "removes");
        for (Night night : nights) {
            System.out.printf(row, night.name(), night.rows(), String.format("%.1f", night.seconds()), night.calls(),
                    night.sshConnects(), night.checks(), night.listings(), night.creates(), night.removes());
        }
        Night neither = nights.get(0);
        System.out.println();
        for (Night night : nights.subList(1, nights.size())) {
            System.out.printf("%s: %.1f%% of the calls, %.1f%% of the SSH connects and %.1f%% of the time of "
                            + "checking every pair%n", night.name(), 100.0 * night.calls() / neither.calls(),
                    100.0 * night.sshConnects() / Math.max(1, neither.sshConnects()),
                    100.0 * night.seconds() / neither.seconds());
        }
    }
}
