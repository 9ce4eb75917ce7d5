package io.tmsprovisioner.provisioning;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Tells a systematic failure from rows that fail for their own reasons. When the caller may not manage
 * anyone's credentials (403 on every row) or the tenant is the wrong one (404 on every system), every
 * remaining row would be recorded FAILED; the job should stop instead, and be resumed once the cause is
 * fixed.
 *
 * <p>The rule: the last {@code length} rows that reached Tapis all FAILED with the same HTTP status and
 * Tapis code, and they name at least {@value #MIN_SYSTEMS} distinct systems. Rows {@link RowOutcome#skipped
 * skipped} without a call (REJECTED, DUPLICATE, and those of a host the run gave up) neither extend nor break the
 * streak: they are no new evidence, and three hosts that are down must not stop a run. Any other outcome breaks it. The systems
 * condition keeps one bad system (unknown, owned by someone else) from stopping a run however many
 * consecutive lines it has. Safe for many threads: rows are taken in the order they finish.
 */
public final class FailureStreak {
    public static final int DEFAULT_LENGTH = 20;
    static final int MIN_SYSTEMS = 3;

    private final int length;
    private final ArrayDeque<RowOutcome> streak = new ArrayDeque<>();

    /** @param length rows in a row that make a systematic failure; 0 never stops */
    public FailureStreak(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("the failure streak must be 0 (never stop) or more rows, not " + length);
        }
        this.length = length;
    }

    /**
     * Takes a finished row.
     *
     * @throws SystematicFailureException when this row completes a systematic failure
     */
    public synchronized void record(RowOutcome row) {
        if (length == 0 || row.skipped()) {
            return;
        }
        if (row.outcome() != Outcome.FAILED || !streak.isEmpty() && !sameReason(streak.peekLast(), row)) {
            streak.clear();
        }
        if (row.outcome() != Outcome.FAILED) {
            return;
        }
        streak.addLast(row);
        if (streak.size() > length) {
            streak.removeFirst();
        }
        TreeSet<String> systems = new TreeSet<>();
        streak.forEach(failed -> systems.add(failed.systemId()));
        if (streak.size() == length && systems.size() >= MIN_SYSTEMS) {
            throw new SystematicFailureException(message(row, systems));
        }
    }

    /** Systems' refusal of the caller's permissions, whatever status it comes with. */
    private static final String UNAUTHORIZED = "SYSLIB_UNAUTH";

    private static boolean sameReason(RowOutcome a, RowOutcome b) {
        return Objects.equals(a.httpStatus(), b.httpStatus()) && Objects.equals(a.tapisCode(), b.tapisCode());
    }

    private String message(RowOutcome last, TreeSet<String> systems) {
        String reason = (last.httpStatus() == null ? "no HTTP answer" : "HTTP " + last.httpStatus())
                + (last.tapisCode() == null ? "" : " " + last.tapisCode());
        return "the last " + length + " rows that reached Tapis all FAILED with " + reason + ", on " + systems.size()
                + " systems (" + String.join(", ", systems) + "): " + likelyCause(last)
                + ". Fix the cause, then run the same command again to resume";
    }

    private static String likelyCause(RowOutcome last) {
        Integer httpStatus = last.httpStatus();
        if (UNAUTHORIZED.equals(last.tapisCode())) {
            httpStatus = 403; // Tapis wraps it in a 500 for a caller who may not even read the system
        }
        if (httpStatus == null) {
            return "the failure is not the rows'";
        }
        return switch (httpStatus) {
            case 403 -> "the caller may not manage these users' credentials (it must be each system's owner or a "
                    + "tenant admin)";
            case 404 -> "Tapis does not know these systems (is the Tapis URL that of the right tenant?)";
            default -> "the failure is not the rows'";
        };
    }
}
