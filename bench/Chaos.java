import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.TapisSimulator;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos test behind bench/chaos.sh: mixed runs against the simulator with faults on every endpoint, interrupted
 * at random moments (SIGKILL, SIGTERM, SIGTERM then SIGKILL) and resumed at other concurrencies until one completes,
 * in half the trials with one system's host going down for a while ({@link ChaosHostDown}); then the simulator's
 * store, the key pairs TMS minted per pair and the repository's outcomes are checked against what the input file
 * says (the downed system's rows against what the product promises for a host Tapis cannot reach). Then two
 * processes on one PostgreSQL repository, the first paused (SIGSTOP) past the heartbeat's stale limit while the
 * second, on another host name, takes the execution over. Then two nights of a roster, the second {@code --sync}
 * ({@link ChaosSync}).
 *
 * <p>The simulator runs in this JVM (its store and counters are read directly; the job never sees them); each run
 * of the job is {@code java -jar} in a process of its own. Everything is drawn from one seed per trial, printed with
 * its result: {@code SEED=<that seed> TRIALS=1} repeats the trial's input, tenant, fault draws, interrupt plan and
 * host-down plan (not the timing of the machine).
 */
public class Chaos {
    static final String ADMIN = "chaos-admin";
    /** The two processes of the PostgreSQL scenario log in as accounts of their own, to tell their changes apart. */
    private static final String ADMIN_A = "chaos-a";
    private static final String ADMIN_B = "chaos-b";
    private static final String PASSWORD = "chaos-password-not-secret";
    /** The tenant's systems: 4 TMS_KEYS, 2 PASSWORD. */
    static final List<Sys> SYSTEMS = List.of(new Sys("chaos-tms-1", true), new Sys("chaos-tms-2", true),
            new Sys("chaos-tms-3", true), new Sys("chaos-tms-4", true), new Sys("chaos-pw-1", false),
            new Sys("chaos-pw-2", false));
    private static final int[] CONCURRENCIES = {2, 3, 4, 8, 16, 32};
    private static final Pattern WAIT_SECONDS = Pattern.compile("once its heartbeat is (\\d+) s old");

    final Path work;
    private final String jar;
    private final List<String> jvmOptions;
    final int rows;
    private final double serverErrorRate;
    private final double dropRate;
    private final double lostAnswerRate;
    private final int tokenSeconds;
    private final int latencyMillis;
    private final double maxInterruptSeconds;
    final int maxInterrupts;
    private final long runTimeoutSeconds;
    private final boolean verbose;
    private final int writeTimeoutSeconds;
    private final int takeoverTimeoutSeconds;

    Chaos(Path work, String jar, Map<String, String> env) {
        this.work = work;
        this.jar = jar;
        this.jvmOptions = List.of(env.getOrDefault("JVM_OPTS", "-XX:TieredStopAtLevel=1").trim().split("\\s+"));
        this.rows = Integer.parseInt(env.getOrDefault("ROWS", "300"));
        this.serverErrorRate = Double.parseDouble(env.getOrDefault("SERVER_ERROR_RATE", "0.05"));
        this.dropRate = Double.parseDouble(env.getOrDefault("DROP_RATE", "0.02"));
        this.lostAnswerRate = Double.parseDouble(env.getOrDefault("LOST_ANSWER_RATE", "0.02"));
        this.tokenSeconds = Integer.parseInt(env.getOrDefault("TOKEN_SECONDS", "4"));
        this.latencyMillis = Integer.parseInt(env.getOrDefault("LATENCY", "20"));
        this.maxInterruptSeconds = Double.parseDouble(env.getOrDefault("MAX_INTERRUPT_SECONDS", "12"));
        this.maxInterrupts = Integer.parseInt(env.getOrDefault("MAX_INTERRUPTS", "3"));
        this.runTimeoutSeconds = Long.parseLong(env.getOrDefault("RUN_TIMEOUT", "300"));
        this.verbose = !env.getOrDefault("VERBOSE", "0").equals("0");
        this.writeTimeoutSeconds = Integer.parseInt(env.getOrDefault("WRITE_TIMEOUT", "5"));
        this.takeoverTimeoutSeconds = Integer.parseInt(env.getOrDefault("TAKEOVER_TIMEOUT", "60"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Chaos chaos = new Chaos(Path.of(args[0]), args[1], env);
        int trials = Integer.parseInt(env.getOrDefault("TRIALS", "50"));
        int pgTrials = Integer.parseInt(env.getOrDefault("PG_TRIALS", "3"));
        int syncTrials = Integer.parseInt(env.getOrDefault("SYNC_TRIALS", "10"));
        long seed = Long.parseLong(env.getOrDefault("SEED", Long.toString(System.currentTimeMillis() % 1_000_000_000L)));
        long started = System.nanoTime();
        int passed = 0;
        int failed = 0;
        List<String> failures = new ArrayList<>();
        System.out.printf("chaos: %d trial(s) of %d rows, then %d PostgreSQL takeover trial(s), then %d roster sync "
                        + "trial(s); seeds from %d; work directory %s%n", trials, chaos.rows, pgTrials, syncTrials,
                seed, chaos.work);
        for (int i = 0; i < trials; i++) {
            Result result = chaos.trial(i + 1, seed + i);
            if (result.passed()) {
                passed++;
            } else {
                failed++;
                failures.add("trial " + (i + 1) + " seed " + (seed + i));
            }
        }
        if (pgTrials > 0) {
            try (AutoCloseable postgres = startPostgres()) {
                for (int i = 0; i < pgTrials; i++) {
                    long pgSeed = seed + trials + i;
                    Result result = chaos.takeoverTrial(i + 1, pgSeed, postgres);
                    if (result.passed()) {
                        passed++;
                    } else {
                        failed++;
                        failures.add("postgres trial " + (i + 1) + " seed " + pgSeed);
                    }
                }
            }
        }
        ChaosSync sync = new ChaosSync(chaos);
        for (int i = 0; i < syncTrials; i++) {
            long syncSeed = seed + trials + pgTrials + i;
            if (sync.trial(i + 1, syncSeed).passed()) {
                passed++;
            } else {
                failed++;
                failures.add("sync trial " + (i + 1) + " seed " + syncSeed);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("chaos: %d passed, %d failed of %d trials in %.0f s (%.1f s a trial)%s%n", passed, failed,
                passed + failed, seconds, seconds / Math.max(1, passed + failed),
                failures.isEmpty() ? "" : "; failed: " + String.join(", ", failures));
        System.exit(failed == 0 ? 0 : 1);
    }

    record Result(boolean passed) {
    }

    // --- the tenant and the input

    /** A system of the tenant; {@code tms} false: PASSWORD, on which the job creates nothing. */
    record Sys(String id, boolean tms) {
    }

    /** One data line of the input. */
    record Row(long line, String user, String system, String action) {
        String pair() {
            return system + "/" + user;
        }
    }

    /**
     * What the input file says should happen, worked out row by row in file order. An outcome may be alternatives,
     * {@code A|B}, where the file alone does not decide.
     */
    static final class Expected {
        final Map<Long, String> outcomes = new TreeMap<>();
        /** The pairs whose key pairs are counted: the file's (and earlier files' on the same tenant). */
        final Set<String> pairs = new TreeSet<>();
        final Map<String, Integer> mints = new TreeMap<>();
        final Set<String> store = new TreeSet<>();
        /** Pairs whose last row (not a duplicate) removes them. */
        final Set<String> removedLast = new TreeSet<>();
        /** The file's rows by line, and the store before them. */
        final Map<Long, Row> rows = new TreeMap<>();
        final Set<String> initialStore = new TreeSet<>();
        /**
         * Systems whose host went down during the runs: their rows are checked by {@link ChaosHostDown#check}, not
         * against the outcomes above.
         */
        final Set<String> hostsDown = new TreeSet<>();
    }

    /** A tenant and an input drawn from the seed. */
    final class Scenario {
        final List<Sys> systems = new ArrayList<>();
        final List<Credential> preloaded = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final Path input;

        Scenario(Random random, Path input) throws IOException {
            this(input);
            int users = Math.max(8, Chaos.this.rows / 4);
            Set<String> pairsUsed = new java.util.HashSet<>();
            // rows of one pair in file order; pairs interleaved at random below
            List<List<String[]>> byPair = new ArrayList<>();
            int count = 0;
            while (count < Chaos.this.rows) {
                String user = String.format("u%04d", random.nextInt(users));
                Sys system = systems.get(random.nextInt(systems.size()));
                String pair = system.id() + "/" + user;
                if (!pairsUsed.add(pair)) {
                    continue;
                }
                if (random.nextDouble() < 0.5) {
                    preloaded.add(new Credential(system.id(), user));
                }
                List<String[]> sequence = new ArrayList<>();
                String action = firstAction(random);
                sequence.add(new String[] {user, system.id(), action});
                // some pairs appear two or three times: remove then establish, establish then reset, ...
                int more = random.nextDouble() < 0.25 ? (random.nextDouble() < 0.2 ? 2 : 1) : 0;
                for (int k = 0; k < more; k++) {
                    String next = random.nextDouble() < 0.15 ? action : otherAction(random, action);
                    sequence.add(new String[] {user, system.id(), next});
                    action = next;
                }
                byPair.add(sequence);
                count += sequence.size();
            }
            // pairs the file does not name keep their credential
            for (int i = 0; i < 10; i++) {
                Sys system = systems.get(random.nextInt(systems.size()));
                String user = String.format("bystander%02d", i);
                preloaded.add(new Credential(system.id(), user));
            }
            // interleave: each row gets a random position, a pair's rows keep their order
            List<double[]> keys = new ArrayList<>();
            for (int p = 0; p < byPair.size(); p++) {
                List<Double> positions = new ArrayList<>();
                for (int k = 0; k < byPair.get(p).size(); k++) {
                    positions.add(random.nextDouble());
                }
                Collections.sort(positions);
                for (int k = 0; k < positions.size(); k++) {
                    keys.add(new double[] {positions.get(k), p, k});
                }
            }
            keys.sort((a, b) -> Double.compare(a[0], b[0]));
            List<String[]> ordered = new ArrayList<>();
            for (double[] key : keys) {
                ordered.add(byPair.get((int) key[1]).get((int) key[2]));
            }
            write(random, ordered);
        }

        /** The tenant's systems, and no rows yet. */
        private Scenario(Path input) {
            this.input = input;
            systems.addAll(SYSTEMS);
        }

        /** The given rows ({user, system, action}) in this order, on a tenant holding the given credentials. */
        Scenario(Random random, Path input, List<Credential> preloaded, List<String[]> ordered) throws IOException {
            this(input);
            this.preloaded.addAll(preloaded);
            write(random, ordered);
        }

        private void write(Random random, List<String[]> ordered) throws IOException {
            List<String> lines = new ArrayList<>(List.of("username,system_id,action"));
            long line = 1;
            for (String[] row : ordered) {
                line++;
                // an empty action cell is the run's --action, establish
                String cell = row[2].equals("establish") && random.nextDouble() < 0.2 ? "" : row[2];
                lines.add(row[0] + "," + row[1] + "," + cell);
                rows.add(new Row(line, row[0], row[1], row[2]));
            }
            Files.write(input, lines);
        }

        SimulatorState state(List<String> admins) {
            List<Account> accounts = admins.stream().map(name -> new Account(name, PASSWORD, true)).toList();
            List<SystemDef> defs = systems.stream().map(s -> new SystemDef(s.id(), s.tms() ? "TMS_KEYS" : "PASSWORD",
                    ADMIN, false, false)).toList();
            return new SimulatorState(tokenSeconds, accounts, defs, preloaded);
        }

        Expected expected() {
            Set<String> store = new TreeSet<>();
            preloaded.forEach(c -> store.add(c.toString()));
            return expected(store, Map.of());
        }

        /** What the file does to a tenant holding {@code store}, whose pairs TMS minted {@code minted} keys for. */
        Expected expected(Set<String> store, Map<String, Integer> minted) {
            Map<String, Boolean> tms = new HashMap<>();
            systems.forEach(s -> tms.put(s.id(), s.tms()));
            Expected expected = new Expected();
            expected.store.addAll(store);
            expected.initialStore.addAll(store);
            expected.mints.putAll(minted);
            expected.pairs.addAll(minted.keySet());
            Map<String, String> lastAction = new HashMap<>();
            for (Row row : rows) {
                String pair = row.pair();
                expected.pairs.add(pair);
                expected.rows.put(row.line(), row);
                String previous = lastAction.put(pair, row.action());
                String outcome;
                if (row.action().equals(previous)) {
                    outcome = "DUPLICATE";
                } else {
                    switch (row.action()) {
                        case "establish" -> {
                            if (expected.store.contains(pair)) {
                                outcome = "ALREADY_PRESENT";
                            } else if (tms.get(row.system())) {
                                outcome = "CREATED";
                                expected.mints.merge(pair, 1, Integer::sum);
                                expected.store.add(pair);
                            } else {
                                outcome = "NOT_TMS";
                            }
                        }
                        case "remove" -> {
                            outcome = "REMOVED";
                            expected.store.remove(pair);
                        }
                        default -> {
                            if (tms.get(row.system())) {
                                outcome = "RESET";
                                expected.mints.merge(pair, 1, Integer::sum);
                                expected.store.add(pair);
                            } else {
                                outcome = "NOT_TMS";
                            }
                        }
                    }
                    if (row.action().equals("remove")) {
                        expected.removedLast.add(pair);
                    } else {
                        expected.removedLast.remove(pair);
                    }
                }
                expected.outcomes.put(row.line(), outcome);
            }
            return expected;
        }
    }

    private static String firstAction(Random random) {
        double draw = random.nextDouble();
        return draw < 0.6 ? "establish" : draw < 0.8 ? "remove" : "reset";
    }

    private static String otherAction(Random random, String action) {
        List<String> others = new ArrayList<>(List.of("establish", "remove", "reset"));
        others.remove(action);
        return others.get(random.nextInt(others.size()));
    }

    TapisSimulator simulator(SimulatorState state, long seed) {
        TapisSimulator simulator = TapisSimulator.start(state, Clock.systemUTC(), seed);
        simulator.setLatency(java.time.Duration.ofMillis(latencyMillis));
        simulator.setLatencySpread(1.0, 2);
        simulator.setServerErrorRate(serverErrorRate);
        simulator.setDropRate(dropRate);
        simulator.setLostAnswerRate(lostAnswerRate);
        return simulator;
    }

    // --- running the job

    /** One process of the job; its output in a log file. */
    final class Run {
        final Process process;
        final Path log;
        final int concurrency;
        final long startedNanos = System.nanoTime();

        Run(Process process, Path log, int concurrency) {
            this.process = process;
            this.log = log;
            this.concurrency = concurrency;
        }

        String output() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        /** Its exit code, or -1 after the run timeout (the process is then killed). */
        int await(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return -1;
            }
            return process.exitValue();
        }

        String lastLines(int n) throws IOException {
            List<String> lines = output().lines().filter(l -> !l.isBlank() && !l.startsWith("progress:")).toList();
            return String.join("\n      ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    Run start(Path dir, String name, Path input, String repository, int concurrency, Map<String, String> env,
              String hostName) throws IOException {
        return start(dir, name, input, repository, concurrency, env, hostName, List.of());
    }

    /** @param options more options of {@code run}; the ceiling of removes is theirs when they set one */
    Run start(Path dir, String name, Path input, String repository, int concurrency, Map<String, String> env,
              String hostName, List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        if (hostName != null) {
            // another host name (a UTS namespace of its own), as a second host of a shared repository: its run cannot
            // ask this host's kernel about the first process and must go by the heartbeat
            command.addAll(List.of("unshare", "-u", "sh", "-c", "hostname " + hostName + " && exec \"$@\"", "sh"));
        }
        command.add("java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "run", "--input", input.toString(), "--repository-url", repository,
                "--concurrency", Integer.toString(concurrency),
                // the simulator's writes take milliseconds: a check after a lost answer need not wait 180 s
                "--write-timeout", Integer.toString(writeTimeoutSeconds)));
        if (!options.contains("--max-destructive")) {
            command.addAll(List.of("--max-destructive", "1000000"));
        }
        command.addAll(options);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new Run(builder.start(), log, concurrency);
    }

    static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private static int otherConcurrency(Random random, int previous) {
        int next;
        do {
            next = CONCURRENCIES[random.nextInt(CONCURRENCIES.length)];
        } while (next == previous);
        return next;
    }

    private static boolean completed(int exit) {
        return exit == 0 || exit == 3;
    }

    /**
     * What an operator does with a refusal (exit 2): wait as long as it says, or a second, and run the same command
     * again; empty when the refusal is not one to wait out (a usage error).
     */
    private static java.util.Optional<Long> waitForRefusal(String output) {
        Matcher wait = WAIT_SECONDS.matcher(output);
        if (wait.find()) {
            return java.util.Optional.of(1000L);
        }
        if (output.contains("is still running in") || output.contains("gave a sign of life just now")
                || output.contains("at the same moment") || output.contains("is running on this repository")) {
            return java.util.Optional.of(1000L);
        }
        return java.util.Optional.empty();
    }

    // --- one trial on an H2 repository

    Result trial(int number, long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createDirectories(work.resolve("trial-" + number));
        Scenario scenario = new Scenario(random, dir.resolve("input.csv"));
        Expected expected = scenario.expected();
        String repository = "jdbc:h2:file:" + dir.resolve("repository");
        long started = System.nanoTime();
        List<String> plan = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (TapisSimulator simulator = simulator(scenario.state(List.of(ADMIN)), seed);
             ChaosHostDown outage = ChaosHostDown.draw(seed, 3 * rows / 2, simulator)) {
            Map<String, String> env = tenant(simulator);
            Command command = new Command("run-", scenario.input, List.of(), 1 + random.nextInt(maxInterrupts),
                    3 * rows / 2);
            // the runs that ended (a refused one is run again under its name), and the last one's exit
            int[] ended = {0, -1};
            boolean done = runUntilComplete(dir, command, repository, env, simulator, random, plan, problems, notes,
                    exit -> {
                        ended[1] = exit;
                        if (exit != 2) {
                            ended[0]++;
                            if (outage != null) {
                                outage.runEnded();
                            }
                        }
                    });
            if (outage != null) {
                plan.add(0, outage.plan());
                if (outage.wentDown()) {
                    expected.hostsDown.add(outage.system);
                }
            }
            if (done) {
                check(expected, simulator, repository, "sa", "", 1, problems, notes, new Completion(ended[1],
                        Files.readString(dir.resolve(command.logPrefix() + ended[0] + ".log"))));
            }
        }
        return report("trial " + number, seed, started, plan, problems, notes, dir);
    }

    /** The environment of a run against the simulator as the administrator. */
    static Map<String, String> tenant(TapisSimulator simulator) {
        return Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_USERNAME", ADMIN, "TAPIS_PASSWORD", PASSWORD);
    }

    /**
     * What is run until it completes: its logs' prefix, its input, its options beyond {@link #start}'s, how many of
     * its runs are interrupted, and the most Tapis calls before an interrupt (under those a whole run makes).
     */
    record Command(String logPrefix, Path input, List<String> options, int interrupts, int mostCallsBefore) {
    }

    /** Told the exit code of each run, refused ones included, once its process has ended. */
    interface AfterRun {
        void ended(int exit) throws Exception;
    }

    /**
     * Runs the command at a random --concurrency, interrupted as planned at random moments and each time resumed at
     * another concurrency, until a run completes (exit 0 or 3); a run that exits 1 by itself is resumed, a refusal
     * retried as its message says.
     *
     * @return whether a run completed; if not, why is in {@code problems}
     */
    boolean runUntilComplete(Path dir, Command command, String repository, Map<String, String> env,
                             TapisSimulator simulator, Random random, List<String> plan, List<String> problems,
                             List<String> notes, AfterRun afterRun) throws Exception {
        int interrupts = command.interrupts();
        int concurrency = CONCURRENCIES[random.nextInt(CONCURRENCIES.length)];
        boolean done = false;
        int runs = 0;
        int refusals = 0;
        while (!done) {
            runs++;
            if (runs > interrupts + 12) {
                problems.add("never completed: " + (runs - 1) + " runs");
                break;
            }
            Run run = start(dir, command.logPrefix() + runs, command.input(), repository, concurrency, env, null,
                    command.options());
            int exit;
            if (runs <= interrupts) {
                // the moment: mostly after a random share of the Tapis calls a whole run makes (under two a
                // row), now and then at a random time, which may fall in the JVM's start-up
                boolean byTime = random.nextDouble() < 0.2;
                double after = 0.3 + random.nextDouble() * (maxInterruptSeconds - 0.3);
                int afterCalls = random.nextInt(command.mostCallsBefore() + 1);
                int kind = random.nextInt(3);
                double killAfter = 0.1 + random.nextDouble() * 2.9;
                String how = switch (kind) {
                    case 0 -> "SIGKILL";
                    case 1 -> "SIGTERM";
                    default -> String.format("SIGTERM+%.1fs+SIGKILL", killAfter);
                };
                String when = byTime ? String.format("%.1fs", after) : afterCalls + " calls";
                int callsAtStart = simulator.totalCalls();
                long deadline = run.startedNanos + (long) ((byTime ? after : runTimeoutSeconds) * 1e9);
                while (run.process.isAlive() && System.nanoTime() < deadline
                        && (byTime || simulator.totalCalls() - callsAtStart < afterCalls)) {
                    Thread.sleep(2);
                }
                if (!run.process.isAlive()) {
                    exit = run.process.exitValue();
                    plan.add(String.format("c=%d exit %d before %s@%s", concurrency, exit, how, when));
                } else {
                    when += String.format(" (%.1fs)", (System.nanoTime() - run.startedNanos) / 1e9);
                    signal(run.process, kind == 0 ? "KILL" : "TERM");
                    if (kind == 2 && !run.process.waitFor((long) (killAfter * 1000), TimeUnit.MILLISECONDS)) {
                        signal(run.process, "KILL");
                    }
                    exit = run.await(kind == 1 ? 60 : runTimeoutSeconds);
                    plan.add(String.format("c=%d %s@%s exit %d", concurrency, how, when, exit));
                    if (exit == -1) {
                        problems.add("run " + runs + " did not stop within 60 s of SIGTERM");
                    }
                }
            } else {
                exit = run.await(runTimeoutSeconds);
                plan.add(String.format("c=%d exit %d", concurrency, exit));
                if (exit == -1) {
                    problems.add("run " + runs + " did not finish within " + runTimeoutSeconds + " s: "
                            + run.lastLines(3));
                    break;
                }
            }
            afterRun.ended(exit);
            String output = run.output();
            if (completed(exit)) {
                done = true;
            } else if (exit == 2) {
                java.util.Optional<Long> wait = waitForRefusal(output);
                if (wait.isEmpty() || ++refusals > 60) {
                    problems.add("run " + runs + " refused (exit 2): " + run.lastLines(2));
                    break;
                }
                notes.add("run " + runs + " refused, retried: " + run.lastLines(1));
                runs--; // a refused run did nothing: the operator runs the same command again
                plan.remove(plan.size() - 1);
                Thread.sleep(wait.get());
                continue;
            } else if (exit == 1 && runs > interrupts) {
                notes.add("run " + runs + " (not interrupted) exited 1: " + run.lastLines(2));
            } else if (exit == 1 && output.contains("Exception") && !output.contains("stopped: run the same")) {
                notes.add("run " + runs + " exited 1: " + run.lastLines(2));
            }
            concurrency = otherConcurrency(random, concurrency);
        }
        return done;
    }

    Result report(String name, long seed, long started, List<String> plan, List<String> problems,
                          List<String> notes, Path dir) {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s seed %d: %s in %.1f s: %s%n", name, seed, problems.isEmpty() ? "PASS" : "FAIL", seconds,
                String.join(" -> ", plan));
        for (String problem : problems) {
            System.out.println("    FAIL: " + problem);
        }
        // what the runs said of themselves is printed always; the rest (refusals retried, the last execution) with
        // VERBOSE=1 or a failure
        notes.stream().filter(note -> verbose || !problems.isEmpty() || note.contains("exited"))
                .forEach(note -> System.out.println("    note: " + note));
        if (!problems.isEmpty()) {
            System.out.println("    logs, input and repository: " + dir);
        }
        System.out.flush();
        return new Result(problems.isEmpty());
    }

    /** The run that completed the job: its exit code and its output. */
    record Completion(int exit, String output) {
    }

    long check(Expected expected, TapisSimulator simulator, String repository, String user, String password,
               int instances, List<String> problems, List<String> notes) throws Exception {
        return check(expected, simulator, repository, user, password, instances, problems, notes, null);
    }

    /**
     * The store, the mints and the recorded outcomes of the last job instance against what the file says; the rows
     * of systems whose host went down ({@link Expected#hostsDown}) against what the product promises for them
     * ({@link ChaosHostDown#check}); and, given the run that completed the job, its exit code and its summary's
     * unreachable hosts ({@link ChaosHostDown#checkEnd}).
     *
     * @param instances how many job instances the repository should hold
     * @param last      the completing run, or null
     * @return the last job instance's id
     */
    long check(Expected expected, TapisSimulator simulator, String repository, String user, String password,
               int instances, List<String> problems, List<String> notes, Completion last) throws Exception {
        // the pairs the file names on a downed host are ChaosHostDown's
        Map<Long, Row> downedRows = ChaosHostDown.rowsOnDownedHosts(expected);
        Set<String> downedPairs = new TreeSet<>();
        downedRows.values().forEach(row -> downedPairs.add(row.pair()));
        List<String> mintedTwice = new ArrayList<>();
        List<String> mintedTooFew = new ArrayList<>();
        for (String pair : expected.pairs) {
            if (downedPairs.contains(pair)) {
                continue;
            }
            String[] parts = pair.split("/", 2);
            int minted = simulator.keysMinted(parts[0], parts[1]);
            int wanted = expected.mints.getOrDefault(pair, 0);
            if (minted > wanted) {
                mintedTwice.add(pair + " minted " + minted + ", rows needing keys " + wanted);
            } else if (minted < wanted) {
                mintedTooFew.add(pair + " minted " + minted + ", rows needing keys " + wanted);
            }
        }
        addProblem(problems, "key pairs minted more often than rows needed them", mintedTwice);
        addProblem(problems, "key pairs minted less often than rows needed them", mintedTooFew);
        Set<String> store = simulator.credentialPairs();
        List<String> leftOver = expected.removedLast.stream().filter(store::contains).toList();
        addProblem(problems, "credentials left that the file removes last", leftOver);
        List<String> missing = expected.store.stream().filter(p -> !store.contains(p) && !downedPairs.contains(p))
                .toList();
        List<String> extra = store.stream().filter(p -> !expected.store.contains(p) && !leftOver.contains(p)
                && !downedPairs.contains(p)).toList();
        addProblem(problems, "credentials missing from the store", missing);
        addProblem(problems, "credentials in the store that should not be", extra);

        // by line: outcome, message, user, system, Tapis code, HTTP status, attempts
        Map<Long, String[]> recorded = new TreeMap<>();
        int instancesFound;
        String lastStatus;
        long instance;
        try (Connection connection = DriverManager.getConnection(repository, user, password);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")) {
                rs.next();
                instancesFound = rs.getInt(1);
            }
            long execution;
            try (ResultSet rs = statement.executeQuery("SELECT JOB_EXECUTION_ID, JOB_INSTANCE_ID, STATUS FROM "
                    + "BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC")) {
                rs.next();
                execution = rs.getLong(1);
                instance = rs.getLong(2);
                lastStatus = rs.getString(3);
            }
            try (ResultSet rs = statement.executeQuery("SELECT LINE_NUMBER, OUTCOME, MESSAGE, USERNAME, SYSTEM_ID, "
                    + "TAPIS_CODE, HTTP_STATUS, ATTEMPTS FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = "
                    + instance)) {
                while (rs.next()) {
                    recorded.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)});
                }
            }
            notes.add("last execution " + execution + " " + lastStatus);
        }
        if (instancesFound != instances) {
            problems.add("job instances in the repository: " + instancesFound + ", expected " + instances);
        }
        if (!"COMPLETED".equals(lastStatus)) {
            problems.add("the last execution is " + lastStatus + ", not COMPLETED");
        }
        List<String> noOutcome = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Long, String> line : expected.outcomes.entrySet()) {
            String[] got = recorded.get(line.getKey());
            if (got == null) {
                noOutcome.add("line " + line.getKey());
            } else if (!downedRows.containsKey(line.getKey())
                    && !List.of(line.getValue().split("\\|")).contains(got[0])) {
                wrong.add("line " + line.getKey() + " " + got[3] + "/" + got[2] + ": " + got[0] + ", expected "
                        + line.getValue() + (got[1] == null ? "" : " (" + got[1] + ")"));
            }
        }
        List<String> unknownLines = recorded.keySet().stream().filter(l -> !expected.outcomes.containsKey(l))
                .map(l -> "line " + l).toList();
        addProblem(problems, "data lines without an outcome", noOutcome);
        addProblem(problems, "outcomes for lines that are not data lines", unknownLines);
        addProblem(problems, "outcomes other than expected", wrong);
        ChaosHostDown.check(expected, recorded, simulator, store, problems);
        if (last != null) {
            ChaosHostDown.checkEnd(last.exit(), last.output(), recorded, problems);
        }
        return instance;
    }

    static void addProblem(List<String> problems, String what, List<String> items) {
        if (!items.isEmpty()) {
            problems.add(items.size() + " " + what + ": " + String.join("; ", items.subList(0, Math.min(8,
                    items.size()))) + (items.size() > 8 ? "; ..." : ""));
        }
    }

    // --- two processes on one PostgreSQL repository

    /** The embedded PostgreSQL of the tests (test class path), started once for all PostgreSQL trials. */
    private static AutoCloseable startPostgres() throws Exception {
        Class<?> server = Class.forName("io.tmsprovisioner.PostgresServer");
        return (AutoCloseable) server.getMethod("start").invoke(null);
    }

    private static String call(Object target, String method) throws Exception {
        Method m = target.getClass().getMethod(method);
        return (String) m.invoke(target);
    }

    /** The queries of the database's sessions that wait for a lock, and of those idle in a transaction. */
    @SuppressWarnings("unchecked")
    private static String waitingQueries(AutoCloseable postgres, String repository) {
        try {
            Object jdbc = postgres.getClass().getMethod("superuserOn", String.class).invoke(postgres, repository);
            List<Map<String, Object>> sessions = (List<Map<String, Object>>) jdbc.getClass()
                    .getMethod("queryForList", String.class).invoke(jdbc, "SELECT state, wait_event_type, "
                            + "EXTRACT(EPOCH FROM now() - xact_start)::int AS xact_seconds, left(query, 120) AS query "
                            + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                            + "AND (wait_event_type = 'Lock' OR state = 'idle in transaction')");
            return sessions.isEmpty() ? "none" : sessions.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "(could not ask: " + e + ")";
        }
    }

    /** Creates and removes answered otherwise than 201 (a fault, a drop, an expired token) so far. */
    /** The creates and removes the file's rows call for when nothing fails: a reset is both. */
    private static int expectedChanges(Expected expected) {
        return expected.outcomes.values().stream().mapToInt(outcome -> switch (outcome) {
            case "CREATED", "REMOVED" -> 1;
            case "RESET" -> 2;
            default -> 0;
        }).sum();
    }

    private static int faultedChanges(TapisSimulator simulator) {
        return simulator.calls(TapisSimulator.Endpoint.CREATE_CREDENTIAL)
                - simulator.calls(TapisSimulator.Endpoint.CREATE_CREDENTIAL, 201)
                + simulator.calls(TapisSimulator.Endpoint.REMOVE_CREDENTIAL)
                - simulator.calls(TapisSimulator.Endpoint.REMOVE_CREDENTIAL, 201);
    }

    /**
     * A runs; once it has sent a few changes it is paused (SIGSTOP) past the stale limit; B, the same command on
     * another host name, is run (again, as its refusal says) until it takes the execution over; then A is resumed
     * (SIGCONT). A must send no create or remove from then on and stop; B (resumed as often as needed) completes;
     * the store and outcomes are checked as in the H2 trials.
     */
    Result takeoverTrial(int number, long seed, AutoCloseable postgres) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createDirectories(work.resolve("postgres-" + number));
        Scenario scenario = new Scenario(random, dir.resolve("input.csv"));
        Expected expected = scenario.expected();
        String repository = call(postgres, "createDatabase");
        String dbUser = call(postgres, "user");
        String dbPassword = call(postgres, "password");
        String heartbeat = System.getenv().getOrDefault("HEARTBEAT", "1s");
        long staleMillis = 4 * java.time.Duration.parse("PT" + heartbeat.toUpperCase()).toMillis();
        long started = System.nanoTime();
        List<String> plan = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Run a = null;
        try (TapisSimulator simulator = simulator(scenario.state(List.of(ADMIN, ADMIN_A, ADMIN_B)), seed)) {
            Map<String, String> common = new LinkedHashMap<>(Map.of("TAPIS_BASE_URL", simulator.baseUrl(),
                    "TAPIS_PASSWORD", PASSWORD, "TMS_HEARTBEAT", heartbeat,
                    "SPRING_DATASOURCE_USERNAME", dbUser, "SPRING_DATASOURCE_PASSWORD", dbPassword));
            Map<String, String> envA = new LinkedHashMap<>(common);
            envA.put("TAPIS_USERNAME", ADMIN_A);
            Map<String, String> envB = new LinkedHashMap<>(common);
            envB.put("TAPIS_USERNAME", ADMIN_B);
            int concurrencyA = CONCURRENCIES[random.nextInt(CONCURRENCIES.length)];
            // at most half the creates and removes the file calls for, so that A is still running when it is paused
            int changesBeforePause = 1 + random.nextInt(Math.max(1, Math.min(20, expectedChanges(expected) / 2)));
            // half the trials pause A just after one of its creates or removes was answered with a fault (A alone
            // is running: every change so far is its), so that a repeat of it is due when A wakes up
            boolean afterFault = random.nextBoolean();
            a = start(dir, "a", scenario.input, repository, concurrencyA, envA, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (a.process.isAlive() && System.nanoTime() < deadline
                    && simulator.changeRequests(ADMIN_A) < changesBeforePause) {
                Thread.sleep(1);
            }
            int faulted = faultedChanges(simulator);
            if (afterFault) {
                // A's next create or remove acts and answers 500, so the trial does not wait on the random faults
                // (a short file may end before one comes)
                simulator.failCalls(TapisSimulator.Endpoint.CREATE_CREDENTIAL, 1, 1,
                        TapisSimulator.Fault.INTERNAL_ERROR_AFTER_EFFECT);
                simulator.failCalls(TapisSimulator.Endpoint.REMOVE_CREDENTIAL, 1, 1,
                        TapisSimulator.Fault.INTERNAL_ERROR_AFTER_EFFECT);
            }
            while (afterFault && a.process.isAlive() && System.nanoTime() < deadline
                    && faultedChanges(simulator) == faulted) {
                Thread.sleep(1);
            }
            if (!a.process.isAlive()) {
                problems.add("A ended (exit " + a.process.exitValue() + ") before it was paused: no takeover to test; "
                        + a.lastLines(2));
                return report("postgres trial " + number, seed, started, plan, problems, notes, dir);
            }
            signal(a.process, "STOP");
            long pausedAt = System.nanoTime();
            plan.add(String.format("A c=%d SIGSTOP after %d change(s)%s", concurrencyA,
                    simulator.changeRequests(ADMIN_A), afterFault ? " just after a faulted one" : ""));
            // B as an operator on another host runs it: refused while A's heartbeat is fresh, then takes it over;
            // given up TAKEOVER_TIMEOUT s after the pause (then A is woken, and B goes on as it can)
            int concurrencyB = otherConcurrency(random, concurrencyA);
            long takeoverDeadline = pausedAt + TimeUnit.SECONDS.toNanos(takeoverTimeoutSeconds);
            Run b = null;
            boolean tookOver = false;
            int attempts = 0;
            while (System.nanoTime() < takeoverDeadline) {
                attempts++;
                Run tried = start(dir, "b-" + attempts, scenario.input, repository, concurrencyB, envB,
                        "chaos-host-b");
                b = tried;
                // B has taken over once it sends a change or ends otherwise than refused (exit 2)
                while (tried.process.isAlive() && simulator.changeRequests(ADMIN_B) == 0
                        && System.nanoTime() < takeoverDeadline) {
                    Thread.sleep(5);
                }
                if (tried.process.isAlive() ? simulator.changeRequests(ADMIN_B) > 0 : tried.process.exitValue() != 2) {
                    tookOver = true;
                    break;
                }
                if (tried.process.isAlive()) {
                    problems.add(String.format("B (attempt %d) neither took over nor was refused within %d s of A's "
                                    + "pause; its last line: %s; waiting in the database: %s", attempts,
                            takeoverTimeoutSeconds, tried.lastLines(1), waitingQueries(postgres, repository)));
                    // the operator gives up on it: were it to go on once A wakes, it might start a fresh instance
                    tried.process.destroyForcibly().waitFor();
                    b = null;
                    break;
                }
                if (waitForRefusal(tried.output()).isEmpty()) {
                    problems.add("B could not take over (exit 2): " + tried.lastLines(2));
                    b = null;
                    break;
                }
                Thread.sleep(waitForRefusal(tried.output()).get());
            }
            if (tookOver) {
                plan.add(String.format("B c=%d took over at attempt %d, %.1f s after the pause (stale after %.1f s)",
                        concurrencyB, attempts, (System.nanoTime() - pausedAt) / 1e9, staleMillis / 1e3));
                // let B work a little, then wake A
                Thread.sleep(random.nextInt(2000));
            } else {
                plan.add(String.format("B c=%d no takeover in %d attempt(s), %.1f s after the pause", concurrencyB,
                        attempts, (System.nanoTime() - pausedAt) / 1e9));
            }
            int changesOfA = simulator.changeRequests(ADMIN_A);
            signal(a.process, "CONT");
            int exitA = a.await(runTimeoutSeconds);
            int sentAfter = simulator.changeRequests(ADMIN_A) - changesOfA;
            plan.add(String.format("A SIGCONT exit %d, %d change(s) sent after", exitA, sentAfter));
            if (tookOver) {
                if (sentAfter > 0) {
                    problems.add("A sent " + sentAfter + " create(s)/remove(s) after B had taken its execution over");
                }
                if (exitA != 1) {
                    problems.add("A exited " + exitA + " after the takeover, not 1: " + a.lastLines(3));
                } else if (!a.output().contains("took execution")) {
                    notes.add("A exited 1 without saying it was taken over: " + String.join(" / ", a.output().lines()
                            .filter(line -> line.startsWith("The job stopped")).toList()));
                }
            }
            // then B (and more runs of B, as an operator would) until one run completes; never a run after that,
            // which would start a fresh instance
            boolean done = completed(exitA) && !tookOver;
            int resumes = 0;
            int exitB = b == null ? -2 : b.await(runTimeoutSeconds);
            if (b != null && completed(exitB)) {
                done = true;
            }
            while (!done && resumes < 12) {
                if (b != null) {
                    notes.add("B exited " + exitB + ": " + b.lastLines(2));
                }
                resumes++;
                b = start(dir, "b-resume-" + resumes, scenario.input, repository, concurrencyB, envB,
                        "chaos-host-b");
                exitB = b.await(runTimeoutSeconds);
                done = completed(exitB);
                if (exitB == 2 && waitForRefusal(b.output()).isPresent()) {
                    Thread.sleep(waitForRefusal(b.output()).get());
                }
            }
            plan.add("B exit " + exitB + (resumes > 0 ? " after " + resumes + " more run(s)" : ""));
            if (done) {
                check(expected, simulator, repository, dbUser, dbPassword, 1, problems, notes);
            } else {
                problems.add("never completed: " + (b == null ? "" : b.lastLines(3)));
            }
        } finally {
            // never leave a stopped process behind
            if (a != null && a.process.isAlive()) {
                signal(a.process, "CONT");
                a.process.destroyForcibly().waitFor();
            }
        }
        return report("postgres trial " + number, seed, started, plan, problems, notes, dir);
    }
}
