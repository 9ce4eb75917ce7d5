import io.tmsprovisioner.simulator.TapisSimulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host-down chaos of the H2 trials of bench/chaos.sh. In half the trials one system's host goes down
 * ({@link TapisSimulator#setHostDown}: a check of a stored credential, the verification of new keys included,
 * answers {@code SYSLIB_CRED_CONN_FAIL}; removes and creates, which do not connect, still work) once the trial's runs
 * have made a random number of Tapis calls, and comes back up after a random number more, or stays down to the end.
 * It is drawn from the trial's seed by a generator of its own, so that the trial's input and interrupts are those the
 * seed gave before, with or without it.
 *
 * <p>The rows of that system are then held to what the product promises for a host Tapis cannot reach (README, "What
 * a check's answer means", "A host that is down costs a few calls"; docs/tapis-api.md, "checkUserCredential", "The
 * verification check", "Unreachable hosts"), taken in line order from the credential each pair held before the
 * file: an establish of a stored credential is {@code ALREADY_PRESENT} or {@code FAILED} (401
 * {@code SYSLIB_CRED_CONN_FAIL}, "could not reach the host", nothing changed); an establish of a missing one on a
 * {@code TMS_KEYS} system {@code CREATED} or {@code UNVERIFIED} (keys stored and minted, not verified), and on a
 * {@code PASSWORD} one {@code NOT_TMS}; a reset {@code RESET} or {@code UNVERIFIED} ({@code NOT_TMS} on
 * {@code PASSWORD}); a remove {@code REMOVED}, always; an establish or reset after the run gave the host up
 * {@code FAILED} without HTTP status ("skipped: host unreachable in this run", nothing changed; or, when an earlier,
 * interrupted attempt of the row removed the credential or sent a create that stored nothing, "... host unreachable
 * in this run ..." saying so: a reset's removal stands). The
 * pair's credential must then be where those outcomes leave it, and its key pairs minted exactly as many as its
 * {@code CREATED}, {@code RESET} and {@code UNVERIFIED} rows, never more than the file's rows need.
 */
final class ChaosHostDown implements AutoCloseable {
    /** Tapis's code for a host it could not reach, which the product records for such rows. */
    static final String CONN_FAIL = "SYSLIB_CRED_CONN_FAIL";
    private static final String COULD_NOT_REACH = "Tapis could not reach the host";
    private static final String GIVEN_UP = "host unreachable in this run";
    private static final String SKIPPED = "skipped: " + GIVEN_UP;
    /** A reset whose interrupted attempt removed the credential, then found its host given up: the removal stands. */
    private static final String REMOVED_THEN_GIVEN_UP = "credential removed, but creating new TMS keys failed: "
            + GIVEN_UP;
    /** The outcomes whose row minted a key pair (and stored it). */
    private static final Set<String> MINTING = Set.of("CREATED", "RESET", "UNVERIFIED");
    private static final Pattern SUMMARY_SYSTEM = Pattern.compile("^\\s+(\\S+)\\s+(\\d+) row\\(s\\)$");

    final String system;
    /** After how many of the trial's Tapis calls the host goes down, and comes back up (-1: never). */
    private final int downAt;
    private final int upAt;
    private final TapisSimulator simulator;
    private final Thread watcher;
    private volatile boolean closed;
    /** Runs that ended, refusals aside: the run now going is the next one. */
    private volatile int runsEnded;
    private volatile String wentDown;
    private volatile String cameUp;

    private ChaosHostDown(String system, int downAt, int upAt, TapisSimulator simulator) {
        this.system = system;
        this.downAt = downAt;
        this.upAt = upAt;
        this.simulator = simulator;
        this.watcher = new Thread(this::watch, "chaos-host-down");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * In half the trials, one of the tenant's systems whose host goes down after up to {@code mostCalls} of the
     * trial's calls (0: before the first run), and in half of those comes back up after up to {@code mostCalls}
     * more; else null.
     */
    static ChaosHostDown draw(long seed, int mostCalls, TapisSimulator simulator) {
        // not java.util.Random: its first draws from consecutive seeds, as a run's trials have, are alike
        SplittableRandom random = new SplittableRandom(seed ^ 0x486F7374446F776EL);
        if (!random.nextBoolean()) {
            return null;
        }
        String system = Chaos.SYSTEMS.get(random.nextInt(Chaos.SYSTEMS.size())).id();
        int downAt = random.nextInt(mostCalls + 1);
        int upAt = random.nextBoolean() ? downAt + 1 + random.nextInt(mostCalls) : -1;
        return new ChaosHostDown(system, downAt, upAt, simulator);
    }

    /** Told when a run of the trial ended (not a refusal, which did nothing): the calls after it are the next run's. */
    void runEnded() {
        runsEnded++;
    }

    /** Whether the host went down during the trial. */
    boolean wentDown() {
        return wentDown != null;
    }

    /** The plan and what came of it, for the trial's line. */
    String plan() {
        String down = "host " + system + " down@" + downAt + " calls";
        if (wentDown == null) {
            return down + ": not reached (the trial made " + simulator.totalCalls() + " calls)";
        }
        if (upAt < 0) {
            return down + " " + wentDown + ", down to the end";
        }
        return down + " " + wentDown + ", up@" + upAt + " calls "
                + (cameUp != null ? cameUp : "not reached: down to the end");
    }

    private void watch() {
        try {
            while (!closed) {
                int calls = simulator.totalCalls();
                if (wentDown == null && calls >= downAt) {
                    simulator.setHostDown(system, true);
                    wentDown = "(run " + (runsEnded + 1) + ")";
                    if (upAt < 0) {
                        return;
                    }
                } else if (wentDown != null && calls >= upAt) {
                    simulator.setHostDown(system, false);
                    cameUp = "(run " + (runsEnded + 1) + ")";
                    return;
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        watcher.join();
    }

    // --- the checks

    /** The lines of the file's rows on systems whose host went down, by line. */
    static Map<Long, Chaos.Row> rowsOnDownedHosts(Chaos.Expected expected) {
        Map<Long, Chaos.Row> rows = new TreeMap<>();
        expected.rows.forEach((line, row) -> {
            if (expected.hostsDown.contains(row.system())) {
                rows.put(line, row);
            }
        });
        return rows;
    }

    /**
     * Each row of a downed system, pair by pair in line order, against what the product promises for it with the
     * pair's credential as the pair's earlier outcomes left it; then the store and the key pairs minted against
     * those outcomes.
     *
     * @param recorded by line: outcome, message, user, system, Tapis code, HTTP status, attempts
     */
    static void check(Chaos.Expected expected, Map<Long, String[]> recorded, TapisSimulator simulator,
                      Set<String> store, List<String> problems) {
        Map<String, List<Chaos.Row>> byPair = new TreeMap<>();
        rowsOnDownedHosts(expected).values().forEach(row -> byPair.computeIfAbsent(row.pair(), p -> new ArrayList<>())
                .add(row));
        Map<Long, String> wrong = new TreeMap<>();
        List<String> storeDiffers = new ArrayList<>();
        List<String> mints = new ArrayList<>();
        for (Map.Entry<String, List<Chaos.Row>> pair : byPair.entrySet()) {
            boolean stored = expected.initialStore.contains(pair.getKey());
            int minting = 0;
            List<String> history = new ArrayList<>(List.of(stored ? "stored before the file" : "none before the file"));
            for (Chaos.Row row : pair.getValue()) {
                String[] got = recorded.get(row.line());
                if (got == null) {
                    continue; // a data line without an outcome, reported with the others
                }
                String predicted = expected.outcomes.get(row.line());
                String why = unexplained(row, got, predicted, stored);
                if (why != null) {
                    // the product's sentence, without Tapis's message after it
                    String message = got[1] == null ? "" : got[1].split("; HTTP \\d{3}: ", 2)[0];
                    wrong.put(row.line(), "line " + row.line() + " " + row.pair() + " " + row.action() + " (stored "
                            + "before: " + stored + "): " + got[0] + " (" + got[4] + ", HTTP " + got[5] + ", attempts "
                            + got[6] + ": " + message + "); " + why);
                }
                history.add(row.line() + " " + row.action() + " " + got[0] + " (attempts " + got[6] + ")");
                if (MINTING.contains(got[0])) {
                    stored = true;
                    minting++;
                } else if (got[0].equals("REMOVED") || got[0].equals("FAILED") && got[1] != null
                        && got[1].startsWith(REMOVED_THEN_GIVEN_UP)) {
                    stored = false;
                }
            }
            String[] parts = pair.getKey().split("/", 2);
            if (stored != store.contains(pair.getKey())) {
                storeDiffers.add(pair.getKey() + " is " + (stored ? "not stored" : "stored") + ", its outcomes ("
                        + String.join(", ", history) + ") leave it " + (stored ? "stored" : "not stored"));
            }
            int minted = simulator.keysMinted(parts[0], parts[1]);
            int needed = expected.mints.getOrDefault(pair.getKey(), 0);
            if (minted != minting || minted > needed) {
                mints.add(pair.getKey() + " minted " + minted + ", outcomes that mint " + minting + ", rows needing "
                        + "keys " + needed + " (" + String.join(", ", history) + ")");
            }
        }
        Chaos.addProblem(problems, "outcomes on the downed host that neither the file nor an unreachable host "
                + "explains", List.copyOf(wrong.values()));
        Chaos.addProblem(problems, "pairs on the downed host whose credential is not where their outcomes leave it",
                storeDiffers);
        Chaos.addProblem(problems, "pairs on the downed host minted otherwise than their outcomes say (or more than "
                + "their rows need)", mints);
    }

    /**
     * Null when the product promises the recorded outcome for the row, with the pair's credential {@code stored} or
     * not before it; else what it promises.
     */
    private static String unexplained(Chaos.Row row, String[] got, String predicted, boolean stored) {
        if (predicted.equals("DUPLICATE") || got[0].equals("DUPLICATE")) {
            return got[0].equals(predicted) ? null : "expected " + predicted;
        }
        boolean tms = Chaos.SYSTEMS.stream().anyMatch(s -> s.id().equals(row.system()) && s.tms());
        List<String> allowed = switch (row.action()) {
            case "establish" -> stored ? List.of("ALREADY_PRESENT", "FAILED")
                    : tms ? List.of("CREATED", "UNVERIFIED", "FAILED") : List.of("NOT_TMS", "FAILED");
            case "remove" -> List.of("REMOVED");
            default -> tms ? List.of("RESET", "UNVERIFIED", "FAILED") : List.of("NOT_TMS");
        };
        if (!allowed.contains(got[0])) {
            return "expected one of " + String.join(", ", allowed);
        }
        String message = got[1] == null ? "" : got[1];
        if (got[0].equals("UNVERIFIED") && !(CONN_FAIL.equals(got[4]) && "401".equals(got[5])
                && message.contains(COULD_NOT_REACH))) {
            return "expected UNVERIFIED as 401 " + CONN_FAIL + " \"" + COULD_NOT_REACH + "\"";
        }
        if (got[0].equals("FAILED")) {
            // a check reaches the host only when something is stored: with nothing stored, the run gave the host up
            boolean skipped = got[5] == null && message.contains(GIVEN_UP);
            boolean inconclusive = stored && row.action().equals("establish") && "401".equals(got[5])
                    && message.contains(COULD_NOT_REACH + " of " + row.system());
            if (!CONN_FAIL.equals(got[4]) || !(skipped || inconclusive)) {
                String check = stored && row.action().equals("establish")
                        ? ", 401 \"" + COULD_NOT_REACH + " of " + row.system() + "\" or" : "";
                return "expected FAILED " + CONN_FAIL + check + " without HTTP status \"" + SKIPPED + "\"";
            }
        }
        return null;
    }

    /**
     * The completing run: its exit 3 exactly when a row of the job instance needs attention, and its summary's list of
     * the systems whose host Tapis could not reach exactly the systems with FAILED or UNVERIFIED rows coded
     * {@code SYSLIB_CRED_CONN_FAIL}, with their counts.
     */
    static void checkEnd(int exit, String output, Map<Long, String[]> recorded, List<String> problems) {
        Map<String, Integer> unreachable = new TreeMap<>();
        boolean attention = false;
        for (String[] got : recorded.values()) {
            if ((got[0].equals("FAILED") || got[0].equals("UNVERIFIED")) && CONN_FAIL.equals(got[4])) {
                unreachable.merge(got[3], 1, Integer::sum);
            }
            attention |= Set.of("FAILED", "REJECTED", "UNVERIFIED", "KEYS_REFUSED").contains(got[0]);
        }
        if (exit != (attention ? 3 : 0)) {
            problems.add("the completing run exited " + exit + ", expected " + (attention ? 3 : 0) + ": "
                    + (attention ? "" : "no ") + "rows need attention");
        }
        Map<String, Integer> listed = new TreeMap<>();
        boolean inList = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("Tapis could not reach the host of these systems")) {
                inList = true;
                continue;
            }
            Matcher system = SUMMARY_SYSTEM.matcher(line);
            if (inList && system.matches()) {
                listed.put(system.group(1), Integer.parseInt(system.group(2)));
            } else {
                inList = false;
            }
        }
        if (!listed.equals(unreachable)) {
            problems.add("the completing run's summary lists as systems whose host Tapis could not reach " + listed
                    + ", the outcomes (FAILED or UNVERIFIED, " + CONN_FAIL + ") " + unreachable);
        }
    }
}
