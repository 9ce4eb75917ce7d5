import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
import java.util.function.Predicate;

/**
 * The roster sync trials of bench/chaos.sh: two nights of one roster on a fresh H2 repository against the simulator
 * with the H2 trials' faults. Night 1 establishes users x systems ({@code --roster}), some pairs already holding a
 * credential (found present: never the tool's to remove); night 2 ({@code --roster --sync}, in half the trials with
 * {@code --reverify-after 7d}) lists some of them no more, among them pairs of protected users
 * ({@code tms.protected-users}), removes a few by its own rows and adds new pairs. Each night is interrupted and
 * resumed by {@link Chaos#runUntilComplete}; before night 2 a run with a ceiling one short of the departed pairs must
 * be refused having sent nothing. Then the checks of the H2 trials, and: exactly the pairs night 1 created that
 * night 2 no longer lists (protected users' aside) removed, each by one outcome "left the roster"; the departed
 * pairs the repository recorded the same after every run of night 2; the ledger of the tool's credentials as both
 * nights leave it.
 */
final class ChaosSync {
    private static final String ROSTER = "chaos-roster";
    /** Night 2's tms.protected-users: the users whose names start with svc. */
    private static final String PROTECTED = "svc*";
    private static final String LEFT_THE_ROSTER = "left the roster";

    private final Chaos chaos;

    ChaosSync(Chaos chaos) {
        this.chaos = chaos;
    }

    /** A pair, ordered as the job orders departed pairs: by system, then user. */
    record Pair(String system, String user) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            int bySystem = system.compareTo(other.system);
            return bySystem != 0 ? bySystem : user.compareTo(other.user);
        }

        @Override
        public String toString() {
            return system + "/" + user;
        }

        boolean ofProtectedUser() {
            return user.startsWith("svc");
        }

        boolean tms() {
            return Chaos.SYSTEMS.stream().anyMatch(s -> s.id().equals(system) && s.tms());
        }
    }

    /** The two nights' files and the tenant, drawn from the seed. */
    private final class Nights {
        final List<Pair> night1 = new ArrayList<>();
        /** Night 2's pairs and their actions, in file order. */
        final Map<Pair, String> night2 = new LinkedHashMap<>();
        /** Credentials the tenant holds before night 1. */
        final Set<Pair> present = new TreeSet<>();
        /** Night 1's pairs night 2 does not list. */
        final Set<Pair> dropped = new TreeSet<>();

        Nights(Random random) {
            int users = Math.max(8, chaos.rows / 4);
            int protectedUsers = Math.max(2, users / 8);
            for (int i = 0; i < users; i++) {
                String user = i < protectedUsers ? String.format("svc%02d", i) : String.format("u%04d", i);
                List<Pair> own = draw(random, user, Set.of(), 2.0 / 3);
                night1.addAll(own);
                if (random.nextDouble() < 0.15) {
                    dropped.addAll(own); // left
                    continue;
                }
                for (Pair pair : own) {
                    if (random.nextDouble() < 0.15) {
                        dropped.add(pair);
                    } else {
                        night2.put(pair, random.nextDouble() < 0.05 ? "remove" : "establish");
                    }
                }
                // joined other systems
                draw(random, user, Set.copyOf(own), 0.15).forEach(pair -> night2.put(pair, "establish"));
            }
            for (int i = 0; i < Math.max(2, users / 8); i++) {
                draw(random, String.format("u%04d", users + i), Set.of(), 2.0 / 3)
                        .forEach(pair -> night2.put(pair, "establish"));
            }
            // at least one of each kind of departure, where night 1 has one
            dropOne(random, pair -> pair.tms() && !present.contains(pair) && !pair.ofProtectedUser());
            dropOne(random, pair -> pair.tms() && present.contains(pair));
            dropOne(random, pair -> pair.tms() && !present.contains(pair) && pair.ofProtectedUser());
            Collections.shuffle(night1, random);
            List<Pair> order = new ArrayList<>(night2.keySet());
            Collections.shuffle(order, random);
            Map<Pair, String> shuffled = new LinkedHashMap<>();
            order.forEach(pair -> shuffled.put(pair, night2.get(pair)));
            night2.clear();
            night2.putAll(shuffled);
        }

        /** A user's pairs on a {@code share} of the systems but {@code not}, three in ten already present. */
        private List<Pair> draw(Random random, String user, Set<Pair> not, double share) {
            List<Pair> pairs = new ArrayList<>();
            for (Chaos.Sys system : Chaos.SYSTEMS) {
                Pair pair = new Pair(system.id(), user);
                if (!not.contains(pair) && random.nextDouble() < share) {
                    pairs.add(pair);
                    if (random.nextDouble() < 0.3) {
                        present.add(pair);
                    }
                }
            }
            return pairs;
        }

        private void dropOne(Random random, Predicate<Pair> kind) {
            if (dropped.stream().anyMatch(kind)) {
                return;
            }
            List<Pair> kept = night1.stream().filter(kind).filter(night2::containsKey).toList();
            if (!kept.isEmpty()) {
                Pair pair = kept.get(random.nextInt(kept.size()));
                night2.remove(pair);
                dropped.add(pair);
            }
        }

        List<Credential> credentials() {
            List<Credential> credentials = new ArrayList<>();
            present.forEach(pair -> credentials.add(new Credential(pair.system(), pair.user())));
            // credentials no file names
            for (int i = 0; i < 5; i++) {
                credentials.add(new Credential(Chaos.SYSTEMS.get(i).id(), String.format("bystander%02d", i)));
            }
            return credentials;
        }
    }

    Chaos.Result trial(int number, long seed) throws Exception {
        Random random = new Random(seed);
        Path dir = Files.createDirectories(chaos.work.resolve("sync-" + number));
        Nights nights = new Nights(random);
        List<Credential> credentials = nights.credentials();
        Chaos.Scenario night1 = chaos.new Scenario(random, dir.resolve("night1.csv"), credentials,
                nights.night1.stream().map(p -> new String[] {p.user(), p.system(), "establish"}).toList());
        Chaos.Scenario night2 = chaos.new Scenario(random, dir.resolve("night2.csv"), credentials,
                nights.night2.entrySet().stream().map(e -> new String[] {e.getKey().user(), e.getKey().system(),
                        e.getValue()}).toList());
        boolean reverify = random.nextBoolean();

        Chaos.Expected expected1 = night1.expected();
        Set<Pair> created1 = pairsWith(night1, expected1, "CREATED"::equals);
        Set<Pair> verified1 = pairsWith(night1, expected1, o -> o.equals("CREATED") || o.equals("ALREADY_PRESENT"));
        Set<Pair> listed2 = nights.night2.keySet();
        // what the sync is to remove, after night 2's last line, in the job's order, and the protected ones it keeps
        long lastLine = night2.rows.get(night2.rows.size() - 1).line();
        Map<Long, Pair> departed = new TreeMap<>();
        Set<Pair> protectedKept = new TreeSet<>();
        for (Pair pair : created1) {
            if (!listed2.contains(pair)) {
                if (pair.ofProtectedUser()) {
                    protectedKept.add(pair);
                } else {
                    departed.put(lastLine + departed.size() + 1, pair);
                }
            }
        }
        Chaos.Expected expected2 = night2.expected(expected1.store, expected1.mints);
        expected2.pairs.addAll(expected1.pairs);
        departed.forEach((line, pair) -> {
            expected2.outcomes.put(line, "REMOVED");
            expected2.store.remove(pair.toString());
            expected2.removedLast.add(pair.toString());
        });
        if (reverify) {
            for (Chaos.Row row : night2.rows) {
                if (expected2.outcomes.get(row.line()).equals("ALREADY_PRESENT")
                        && verified1.contains(new Pair(row.system(), row.user()))) {
                    expected2.outcomes.put(row.line(), "ALREADY_PRESENT|RECENTLY_VERIFIED");
                }
            }
        }
        // the ledger: night 1's creations, less what night 2 removed, with night 2's creations
        Set<Pair> ledger2 = new TreeSet<>(created1);
        ledger2.removeAll(departed.values());
        ledger2.removeAll(pairsWith(night2, expected2, "REMOVED"::equals));
        ledger2.addAll(pairsWith(night2, expected2, "CREATED"::equals));
        String sync2 = syncRecord(ROSTER, protectedKept.size(), departed);

        String repository = "jdbc:h2:file:" + dir.resolve("repository");
        long started = System.nanoTime();
        List<String> plan = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (TapisSimulator simulator = chaos.simulator(night1.state(List.of(Chaos.ADMIN)), seed)) {
            Map<String, String> env = new HashMap<>(Chaos.tenant(simulator));
            env.put("TMS_PROTECTEDUSERS", PROTECTED);
            plan.add(String.format("night 1 (%d rows)", night1.rows.size()));
            Chaos.Command first = new Chaos.Command("night1-run-", night1.input, List.of("--roster", ROSTER),
                    random.nextInt(2), 3 * night1.rows.size() / 2);
            if (!chaos.runUntilComplete(dir, first, repository, env, simulator, random, plan, problems, notes,
                    exit -> { })) {
                return chaos.report("sync trial " + number, seed, started, plan, problems, notes, dir);
            }
            chaos.check(expected1, simulator, repository, "sa", "", 1, problems, notes);
            compare(problems, "night 1", ledger(repository), created1);
            if (!problems.isEmpty()) {
                problems.add("night 2 not run");
                return chaos.report("sync trial " + number, seed, started, plan, problems, notes, dir);
            }

            List<String> options = new ArrayList<>(List.of("--roster", ROSTER, "--sync"));
            if (reverify) {
                options.addAll(List.of("--reverify-after", "7d"));
            }
            refusedOverCeiling(dir, night2, options, departed.size(), repository, env, simulator, plan, problems);

            int checksBefore = simulator.calls(Endpoint.CHECK_CREDENTIAL);
            plan.add(String.format("night 2 (%d rows, %d departed, %d protected kept%s)", night2.rows.size(),
                    departed.size(), protectedKept.size(), reverify ? ", --reverify-after 7d" : ""));
            // establish rows of pairs verified on night 1 send nothing under --reverify-after
            long active = reverify ? night2.rows.stream().filter(r -> !r.action().equals("establish")
                    || !verified1.contains(new Pair(r.system(), r.user()))).count() : night2.rows.size();
            Chaos.Command second = new Chaos.Command("night2-run-", night2.input, options,
                    1 + random.nextInt(chaos.maxInterrupts), (int) (3 * (active + departed.size()) / 2));
            // the departed pairs are fixed once a run has read the whole file: every later run must find them so
            List<String> seen = new ArrayList<>();
            boolean done = chaos.runUntilComplete(dir, second, repository, env, simulator, random, plan, problems,
                    notes, exit -> {
                        String recorded;
                        try {
                            recorded = recordedSync(repository);
                        } catch (java.sql.SQLException e) {
                            problems.add("could not read the recorded sync after a run of night 2 (exit " + exit
                                    + "): " + e.getMessage());
                            return;
                        }
                        if (!recorded.isEmpty() && !seen.isEmpty() && !recorded.equals(seen.get(seen.size() - 1))) {
                            problems.add("the departed pairs recorded changed between runs of night 2: "
                                    + seen.get(seen.size() - 1) + ", then " + recorded);
                        }
                        if (!recorded.isEmpty()) {
                            seen.add(recorded);
                        }
                    });
            if (done) {
                long instance = chaos.check(expected2, simulator, repository, "sa", "", 2, problems, notes);
                String recorded = recordedSync(repository);
                if (!recorded.equals(instance + " " + sync2)) {
                    problems.add("the sync recorded for night 2 (instance, roster, protected pairs kept, departed "
                            + "pairs by line): " + recorded + "; expected: " + instance + " " + sync2);
                }
                notes.add("the departed pairs were on record after " + seen.size() + " run(s) of night 2");
                checkDeparted(repository, instance, departed, problems);
                Set<String> store = simulator.credentialPairs();
                Chaos.addProblem(problems, "pairs night 1 created and night 2 no longer lists, still in the store",
                        departed.values().stream().map(Pair::toString).filter(store::contains).toList());
                Chaos.addProblem(problems, "pairs found present on night 1 (not the tool's) that night 2 no longer "
                        + "lists, gone from the store", nights.dropped.stream().filter(nights.present::contains)
                        .map(Pair::toString).filter(p -> !store.contains(p)).toList());
                Chaos.addProblem(problems, "pairs of protected users (" + PROTECTED + ") that night 2 no longer "
                        + "lists, gone from the store", protectedKept.stream().map(Pair::toString)
                        .filter(p -> !store.contains(p)).toList());
                compare(problems, "night 2", ledger(repository), ledger2);
                int checks = simulator.calls(Endpoint.CHECK_CREDENTIAL) - checksBefore;
                long establish = night2.rows.stream().filter(r -> r.action().equals("establish")).count();
                notes.add(String.format("night 2: %d check(s) for %d establish row(s)", checks, establish));
                if (reverify && checks >= establish) {
                    problems.add("--reverify-after 7d: night 2 made " + checks + " check(s) for " + establish
                            + " establish row(s), most of them verified by night 1");
                }
            }
        }
        return chaos.report("sync trial " + number, seed, started, plan, problems, notes, dir);
    }

    /**
     * One run with --max-destructive one short of the file's removes and the departed pairs: refused (exit 2)
     * before it sends anything, saying how many pairs the sync would remove.
     */
    private void refusedOverCeiling(Path dir, Chaos.Scenario night2, List<String> options, int departed,
                                    String repository, Map<String, String> env, TapisSimulator simulator,
                                    List<String> plan, List<String> problems) throws Exception {
        if (departed == 0) {
            return;
        }
        long removes = night2.rows.stream().filter(r -> r.action().equals("remove")).count();
        List<String> capped = new ArrayList<>(options);
        capped.addAll(List.of("--max-destructive", Long.toString(removes + departed - 1)));
        int callsBefore = simulator.totalCalls();
        Chaos.Run run = chaos.start(dir, "night2-ceiling", night2.input, repository, 4, env, null, capped);
        int exit = run.await(120);
        int calls = simulator.totalCalls() - callsBefore;
        plan.add("--max-destructive " + (removes + departed - 1) + " exit " + exit);
        if (exit != 2 || !run.output().contains("--sync would remove " + departed + " pair(s)") || calls != 0) {
            problems.add("a night 2 with --max-destructive one short of its " + removes + " remove row(s) and "
                    + departed + " departed pair(s): exit " + exit + ", " + calls + " Tapis call(s), expected exit 2 "
                    + "saying \"--sync would remove " + departed + " pair(s)\" and no call: " + run.lastLines(2));
        }
    }

    /** The pairs of the file whose rows' expected outcome is one the predicate takes. */
    private static Set<Pair> pairsWith(Chaos.Scenario scenario, Chaos.Expected expected, Predicate<String> outcome) {
        Set<Pair> pairs = new TreeSet<>();
        for (Chaos.Row row : scenario.rows) {
            if (outcome.test(expected.outcomes.get(row.line()))) {
                pairs.add(new Pair(row.system(), row.user()));
            }
        }
        return pairs;
    }

    private static String syncRecord(String roster, long protectedKept, Map<Long, Pair> departed) {
        List<String> lines = new ArrayList<>();
        departed.forEach((line, pair) -> lines.add(line + " " + pair));
        return "roster " + roster + ", " + protectedKept + " protected kept: " + String.join(", ", lines);
    }

    /** What PROVISIONING_SYNC and PROVISIONING_DEPARTED hold, with the job instance; empty before a run stored it. */
    private static String recordedSync(String repository) throws Exception {
        List<String> syncs = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(repository, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT JOB_INSTANCE_ID, ROSTER, PROTECTED_KEPT FROM "
                     + "PROVISIONING_SYNC ORDER BY JOB_INSTANCE_ID")) {
            while (rs.next()) {
                Map<Long, Pair> departed = new TreeMap<>();
                try (Statement rows = connection.createStatement();
                     ResultSet d = rows.executeQuery("SELECT LINE_NUMBER, SYSTEM_ID, USERNAME FROM "
                             + "PROVISIONING_DEPARTED WHERE JOB_INSTANCE_ID = " + rs.getLong(1))) {
                    while (d.next()) {
                        departed.put(d.getLong(1), new Pair(d.getString(2), d.getString(3)));
                    }
                }
                syncs.add(rs.getLong(1) + " " + syncRecord(rs.getString(2), rs.getLong(3), departed));
            }
        }
        return String.join("; ", syncs);
    }

    /** Each departed pair's line: one outcome, REMOVED, saying it left the roster. */
    private static void checkDeparted(String repository, long instance, Map<Long, Pair> departed,
                                      List<String> problems) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(repository, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT LINE_NUMBER, SYSTEM_ID, USERNAME, OUTCOME, MESSAGE FROM "
                     + "PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID = " + instance + " AND LINE_NUMBER >= "
                     + departed.keySet().stream().findFirst().orElse(Long.MAX_VALUE))) {
            while (rs.next()) {
                Pair pair = departed.get(rs.getLong(1));
                String message = rs.getString(5);
                if (pair == null || !pair.equals(new Pair(rs.getString(2), rs.getString(3)))
                        || !"REMOVED".equals(rs.getString(4)) || message == null
                        || !message.startsWith(LEFT_THE_ROSTER)) {
                    wrong.add("line " + rs.getLong(1) + " " + rs.getString(2) + "/" + rs.getString(3) + ": "
                            + rs.getString(4) + " (" + message + "), expected " + pair + " REMOVED (\""
                            + LEFT_THE_ROSTER + "\")");
                }
            }
        }
        Chaos.addProblem(problems, "outcomes of departed pairs other than one REMOVED, \"" + LEFT_THE_ROSTER + "\"",
                wrong);
    }

    /** The roster's entries in the ledger of the credentials the tool created. */
    private static Set<Pair> ledger(String repository) throws Exception {
        Set<Pair> pairs = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(repository, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT SYSTEM_ID, USERNAME FROM PROVISIONING_CREDENTIAL WHERE "
                     + "ROSTER = '" + ROSTER + "'")) {
            while (rs.next()) {
                pairs.add(new Pair(rs.getString(1), rs.getString(2)));
            }
        }
        return pairs;
    }

    /** The roster's ledger after a night against the pairs it should hold. */
    private static void compare(List<String> problems, String night, Set<Pair> got, Set<Pair> expected) {
        List<String> missing = expected.stream().filter(p -> !got.contains(p)).map(Pair::toString).toList();
        List<String> extra = got.stream().filter(p -> !expected.contains(p)).map(Pair::toString).toList();
        Chaos.addProblem(problems, "pairs missing from the ledger of the roster's credentials after " + night,
                missing);
        Chaos.addProblem(problems, "pairs in the ledger of the roster's credentials after " + night
                + " that should not be", extra);
    }
}
