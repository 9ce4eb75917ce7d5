package io.tmsprovisioner.report;

import io.tmsprovisioner.provisioning.Outcome;
import org.springframework.batch.core.BatchStatus;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of the provisioning job as status and report show it.
 *
 * @param executionCounts outcomes this execution recorded
 * @param instanceCounts  outcomes of the whole job instance up to and including this execution
 * @param failures        why the execution failed, one line each (empty when it did not)
 * @param dryRun          whether it only said what a real run would do
 * @param supersedes      the executions of unfinished runs of the file's earlier content that this execution
 *                        marked ABANDONED when it started (empty for most)
 */
public record ExecutionOverview(long executionId, long instanceId, String action, String inputFile,
                                String tapisUrl, BatchStatus status, LocalDateTime start, LocalDateTime end,
                                Map<Outcome, Long> executionCounts, Map<Outcome, Long> instanceCounts,
                                List<String> failures, boolean dryRun, List<Long> supersedes) {

    /** What {@link #shownStatus} says of a COMPLETED run that left FAILED or REJECTED rows. */
    static final String COMPLETED_WITH_FAILURES = "COMPLETED WITH FAILURES";

    /**
     * The status that reports and the status list show. Spring Batch says COMPLETED once every row has an
     * outcome, however many FAILED: shown as such, a run where 27 of 60 rows failed looks like a success.
     * (JSON keeps Spring Batch's status: scripts read the counts.)
     */
    public String shownStatus() {
        long failures = instanceCounts.getOrDefault(Outcome.FAILED, 0L) + instanceCounts.getOrDefault(Outcome.REJECTED, 0L);
        return status == BatchStatus.COMPLETED && failures > 0 ? COMPLETED_WITH_FAILURES : status.name();
    }

    public long rowsNeedingAttention() {
        return instanceCounts.entrySet().stream()
                .filter(e -> e.getKey().needsAttention())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public long instanceRows() {
        return instanceCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Empty while the execution has not ended (or never started). */
    public Optional<Duration> duration() {
        return start != null && end != null ? Optional.of(Duration.between(start, end)) : Optional.empty();
    }

    public long executionRows() {
        return executionCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
