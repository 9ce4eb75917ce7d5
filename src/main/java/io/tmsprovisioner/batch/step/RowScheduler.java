package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.RowOutcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Decides which rows may start now, so that no thread ever waits for a row that is not its own:
 * <ul>
 *   <li>rows of one (username, system_id) pair take effect in file order: a row starts only once the
 *       previous row of its pair has finished, and learns that row's outcome while it is not committed yet
 *       (to journal it before acting: see {@link RowWorker});</li>
 *   <li>at most {@code perSystem} rows of one system are in flight, and rows of other systems pass a
 *       system at its cap (no head-of-line blocking across systems);</li>
 *   <li>a row that did not finish (its work threw) holds back the later rows of its pair for the rest of
 *       the run: acting on them would change the credential under the row a resumed run still has to do;</li>
 *   <li>a row put off to be tried again ({@link #putOff}) frees its system's slot but still holds its pair's
 *       later rows back until it {@link #retryPutOff() is tried again} and finishes.</li>
 * </ul>
 * Among the rows that may start, the one earliest in the file goes first. Single-threaded: the step's thread owns
 * it, as it owns the {@link RowPipeline}.
 */
final class RowScheduler {

    /** A row allowed to start, with the outcome of its pair's previous row if that is not committed yet. */
    record Start(InputRow row, RowOutcome uncommittedPrevious) {
    }

    /** The rows of one pair that are not committed yet. */
    private static final class Pair {
        /** The pair's row that may start or is running (one at a time), or null. */
        InputRow current;
        boolean started;
        /** The last finished row's outcome, until it is committed. */
        RowOutcome uncommitted;
        /** Whether a row of the pair did not finish: its later rows never start in this run. */
        boolean held;
        final ArrayDeque<InputRow> waiting = new ArrayDeque<>();

        boolean forgettable() {
            return current == null && uncommitted == null && waiting.isEmpty() && !held;
        }
    }

    /** A system's rows that may start as far as their pairs go, earliest line first, and its rows in flight. */
    private static final class SystemQueue {
        final PriorityQueue<InputRow> ready = new PriorityQueue<>(Comparator.comparingLong(InputRow::lineNumber));
        int inFlight;
    }

    private final int perSystem;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<String, SystemQueue> systems = new HashMap<>();
    /** Systems below their cap with ready rows, by the line of their first ready row. */
    private final PriorityQueue<SystemQueue> startable =
            new PriorityQueue<>(Comparator.comparingLong(queue -> queue.ready.peek().lineNumber()));
    private int waiting;
    /** Rows put off to be tried again, in the order they were put off. */
    private final List<InputRow> putOff = new ArrayList<>();

    RowScheduler(int perSystem) {
        if (perSystem < 1) {
            throw new IllegalArgumentException("at least one row per system must be allowed in flight, not " + perSystem);
        }
        this.perSystem = perSystem;
    }

    /**
     * A row read from the input, in file order; one that will be sent to Tapis (a VALID row). A row of a pair
     * held back is passed over.
     */
    void add(InputRow row) {
        Pair pair = pairs.computeIfAbsent(pairKey(row), key -> new Pair());
        if (pair.held) {
            return; // never starts in this run
        }
        waiting++;
        if (pair.current != null) {
            pair.waiting.addLast(row);
        } else {
            pair.current = row;
            makeReady(row);
        }
    }

    /** The next row that may start, earliest in the file first; null when none may. The row counts as in flight. */
    Start next() {
        SystemQueue queue = startable.poll();
        if (queue == null) {
            return null;
        }
        InputRow row = queue.ready.poll();
        queue.inFlight++;
        if (!queue.ready.isEmpty() && queue.inFlight < perSystem) {
            startable.add(queue);
        }
        waiting--;
        Pair pair = pairs.get(pairKey(row));
        pair.started = true;
        return new Start(row, pair.uncommitted);
    }

    /** The row finished with this outcome: its system has a slot free, and its pair's next row may start. */
    void finished(InputRow row, RowOutcome outcome) {
        Pair pair = release(row);
        pair.uncommitted = outcome;
        pair.current = pair.waiting.pollFirst();
        if (pair.current != null) {
            makeReady(pair.current);
        }
    }

    /** The row's work threw: its system has a slot free, and the later rows of its pair never start. */
    void abandoned(InputRow row) {
        Pair pair = release(row);
        pair.held = true;
        waiting -= pair.waiting.size();
        pair.waiting.clear();
    }

    /**
     * The row is to be tried again later: its system has a slot free, and its pair waits for it. It is not
     * offered by {@link #next()} until {@link #retryPutOff()}.
     */
    void putOff(InputRow row) {
        Pair pair = release(row);
        pair.current = row;
        putOff.add(row);
        waiting++;
    }

    /** Whether rows are put off and wait for {@link #retryPutOff()}. */
    boolean hasPutOff() {
        return !putOff.isEmpty();
    }

    /** Whether a row may start now. */
    boolean hasStartable() {
        return !startable.isEmpty();
    }

    /** Offers the rows put off to {@link #next()} again; returns their lines. */
    List<Long> retryPutOff() {
        List<Long> lines = putOff.stream().map(InputRow::lineNumber).toList();
        putOff.forEach(this::makeReady);
        putOff.clear();
        return lines;
    }

    /** The outcome is committed: the pair's next row no longer needs to journal it. */
    void committed(RowOutcome outcome) {
        String key = pairKey(outcome.username(), outcome.systemId());
        Pair pair = pairs.get(key);
        if (pair == null) {
            return; // not a row this scheduler ran (REJECTED, DUPLICATE)
        }
        if (pair.uncommitted != null && pair.uncommitted.lineNumber() == outcome.lineNumber()) {
            pair.uncommitted = null;
        }
        if (pair.forgettable()) {
            pairs.remove(key);
        }
    }

    /** Rows added that have not started (waiting for their pair or their system's cap). */
    int waiting() {
        return waiting;
    }

    /** Rows of the system in flight now. */
    int inFlight(String systemId) {
        SystemQueue queue = systems.get(systemId);
        return queue == null ? 0 : queue.inFlight;
    }

    private Pair release(InputRow row) {
        Pair pair = pairs.get(pairKey(row));
        if (pair == null || pair.current != row || !pair.started) {
            throw new IllegalStateException("line " + row.lineNumber() + " is not running");
        }
        pair.current = null;
        pair.started = false;
        SystemQueue queue = systems.get(row.systemId());
        boolean wasStartable = !queue.ready.isEmpty() && queue.inFlight < perSystem;
        queue.inFlight--;
        if (!queue.ready.isEmpty() && !wasStartable) {
            startable.add(queue);
        }
        if (queue.inFlight == 0 && queue.ready.isEmpty()) {
            systems.remove(row.systemId());
        }
        return pair;
    }

    private void makeReady(InputRow row) {
        SystemQueue queue = systems.computeIfAbsent(row.systemId(), id -> new SystemQueue());
        boolean wasStartable = !queue.ready.isEmpty() && queue.inFlight < perSystem;
        if (wasStartable) {
            // its place among the startable systems depends on its first row, which may be about to change
            startable.remove(queue);
        }
        queue.ready.add(row);
        if (queue.inFlight < perSystem) {
            startable.add(queue);
        }
    }

    private static String pairKey(InputRow row) {
        return pairKey(row.username(), row.systemId());
    }

    private static String pairKey(String username, String systemId) {
        return username + '/' + systemId;
    }
}
