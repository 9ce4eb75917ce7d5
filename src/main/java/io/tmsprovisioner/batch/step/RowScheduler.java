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
 *   <li>a row that did not finish (its work threw) blocks its pair: the pair's later rows never start in this
 *       run, as acting on them would change the credential under the row a resumed run still has to do;</li>
 *   <li>a row put off to be tried again ({@link #putOff}) frees its system's slot, and its pair's later rows wait
 *       for it until it {@link #retryPutOff() is tried again} and finishes.</li>
 * </ul>
 * Among the rows that may start, the one earliest in the file goes first. Single-threaded: the step's thread owns
 * it, as it owns the {@link RowPipeline}.
 */
final class RowScheduler {

    /** A row allowed to start, with the outcome of its pair's previous row if that is not committed yet. */
    record Start(InputRow row, RowOutcome uncommittedPrevious) {
    }

    /**
     * One pair's rows: the one that may start or is running (one at a time, in file order), those queued behind
     * it, and the last outcome not committed yet. Its transitions are its methods; the scheduler only keeps the
     * systems' slots in step with them.
     */
    private static final class Pair {
        private InputRow current;
        private boolean running;
        private RowOutcome uncommitted;
        /** A row of the pair was abandoned: its later rows never start in this run. */
        private boolean blocked;
        private final ArrayDeque<InputRow> queued = new ArrayDeque<>();

        /** Takes a row read for the pair; true when it is the pair's current row and may be made ready now. */
        boolean accept(InputRow row) {
            if (current != null) {
                queued.addLast(row);
                return false;
            }
            current = row;
            return true;
        }

        /** Its current row starts; returns the outcome of the row before it, if not committed yet. */
        RowOutcome start() {
            running = true;
            return uncommitted;
        }

        /** The row finished: returns the pair's next row, now current and to be made ready, or null. */
        InputRow finish(InputRow row, RowOutcome outcome) {
            end(row);
            uncommitted = outcome;
            current = queued.pollFirst();
            return current;
        }

        /** The row was abandoned: the pair is blocked; returns how many queued rows it drops. */
        int block(InputRow row) {
            end(row);
            blocked = true;
            int dropped = queued.size();
            queued.clear();
            return dropped;
        }

        /** The row is put off: it stays current, and the rows behind it wait for it. */
        void putOff(InputRow row) {
            end(row);
            current = row;
        }

        void committed(long line) {
            if (uncommitted != null && uncommitted.lineNumber() == line) {
                uncommitted = null;
            }
        }

        /** Nothing left to remember: no row current or queued, nothing uncommitted, not blocked. */
        boolean forgettable() {
            return current == null && uncommitted == null && queued.isEmpty() && !blocked;
        }

        private void end(InputRow row) {
            if (current != row || !running) {
                throw new IllegalStateException("line " + row.lineNumber() + " is not running");
            }
            current = null;
            running = false;
        }
    }

    /** A system's rows that may start as far as their pairs go, earliest line first, and its rows in flight. */
    private final class SystemQueue {
        final PriorityQueue<InputRow> ready = new PriorityQueue<>(Comparator.comparingLong(InputRow::lineNumber));
        int inFlight;

        /** Whether it is among {@link #startable}: a ready row, and a slot free. */
        boolean startable() {
            return !ready.isEmpty() && inFlight < perSystem;
        }
    }

    private final int perSystem;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<String, SystemQueue> systems = new HashMap<>();
    /** Systems below their cap with ready rows, by the line of their first ready row. */
    private final PriorityQueue<SystemQueue> startable =
            new PriorityQueue<>(Comparator.comparingLong(queue -> queue.ready.peek().lineNumber()));
    /** Rows added that have not started. */
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
     * A row read from the input, in file order; one that will be sent to Tapis (a VALID row). A row of a blocked
     * pair is passed over.
     */
    void add(InputRow row) {
        Pair pair = pairs.computeIfAbsent(pairKey(row), key -> new Pair());
        if (pair.blocked) {
            return; // never starts in this run
        }
        waiting++;
        if (pair.accept(row)) {
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
        if (queue.startable()) {
            startable.add(queue);
        }
        waiting--;
        return new Start(row, pairs.get(pairKey(row)).start());
    }

    /** The row finished with this outcome: its system has a slot free, and its pair's next row may start. */
    void finished(InputRow row, RowOutcome outcome) {
        InputRow next = pairOf(row).finish(row, outcome);
        freeSlot(row);
        if (next != null) {
            makeReady(next);
        }
    }

    /** The row's work threw: its system has a slot free, and the later rows of its pair never start. */
    void abandoned(InputRow row) {
        waiting -= pairOf(row).block(row);
        freeSlot(row);
    }

    /**
     * The row is to be tried again later: its system has a slot free, and its pair waits for it. It is not
     * offered by {@link #next()} until {@link #retryPutOff()}.
     */
    void putOff(InputRow row) {
        pairOf(row).putOff(row);
        freeSlot(row);
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
        pair.committed(outcome.lineNumber());
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

    private Pair pairOf(InputRow row) {
        Pair pair = pairs.get(pairKey(row));
        if (pair == null) {
            throw new IllegalStateException("line " + row.lineNumber() + " is not running");
        }
        return pair;
    }

    private void freeSlot(InputRow row) {
        SystemQueue queue = systems.get(row.systemId());
        boolean wasStartable = queue.startable();
        queue.inFlight--;
        if (queue.startable() && !wasStartable) {
            startable.add(queue);
        }
        if (queue.inFlight == 0 && queue.ready.isEmpty()) {
            systems.remove(row.systemId());
        }
    }

    private void makeReady(InputRow row) {
        SystemQueue queue = systems.computeIfAbsent(row.systemId(), id -> new SystemQueue());
        if (queue.startable()) {
            // its place among the startable systems depends on its first row, which may be about to change
            startable.remove(queue);
        }
        queue.ready.add(row);
        if (queue.startable()) {
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
