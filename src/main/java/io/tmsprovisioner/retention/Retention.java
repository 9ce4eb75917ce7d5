package io.tmsprovisioner.retention;

import io.tmsprovisioner.repository.JobParameterNames;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Removes what the job repository keeps of old job instances of the provisioning job: the project's rows of
 * them (outcomes, journal notes, heartbeats, a sync's departed pairs), then Spring Batch's metadata, which
 * Spring Batch's own {@link JobRepository#deleteJobInstance} removes (whatever its tables' prefix and
 * layout), {@value #INSTANCES_PER_TRANSACTION} instances per transaction. The ledger of credentials the tool
 * created stays: it is the present, not history.
 *
 * <p>An instance is old when every one of its executions ended before the cutoff. It is removed only when
 * its last execution COMPLETED or was ABANDONED: a FAILED, STOPPED or UNKNOWN one is resumable (running the
 * same command again finishes it), so it stays unless {@code includeUnfinished} is asked for. An instance
 * with an execution that has not ended (running, or left STARTED by a crash, which the next run recovers)
 * is never removed, nor one without any execution (nothing tells its age).
 */
public final class Retention {
    static final int INSTANCES_PER_TRANSACTION = 100;
    private static final List<String> FINISHED = List.of("COMPLETED", "ABANDONED");
    private static final List<String> RESUMABLE = List.of("FAILED", "STOPPED", "UNKNOWN");

    private final JdbcTemplate jdbc;
    private final JobRepository jobRepository;
    private final TransactionTemplate transactions;

    public Retention(JdbcTemplate jdbc, JobRepository jobRepository, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.jobRepository = jobRepository;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * @param endedBefore       instances whose every execution ended before this time (the repository's local time)
     * @param includeUnfinished also instances whose last execution is resumable
     */
    public record Rule(LocalDateTime endedBefore, boolean includeUnfinished) {

        List<String> lastStatuses() {
            if (!includeUnfinished) {
                return FINISHED;
            }
            List<String> statuses = new ArrayList<>(FINISHED);
            statuses.addAll(RESUMABLE);
            return statuses;
        }
    }

    /** What was removed, or would be by a dry run. */
    public record Removed(long instances, long executions, long outcomeRows) {

        Removed plus(Removed other) {
            return new Removed(instances + other.instances, executions + other.executions,
                    outcomeRows + other.outcomeRows);
        }
    }

    /** Removes the old instances the rule allows, batch by batch. */
    public Removed prune(Rule rule) {
        Removed removed = new Removed(0, 0, 0);
        for (List<Long> batch : batches(eligible(rule, rule.lastStatuses(), List.of()))) {
            removed = removed.plus(transactions.execute(status -> delete(eligible(rule, rule.lastStatuses(), batch))));
        }
        return removed;
    }

    /** What {@link #prune} would remove now. */
    public Removed count(Rule rule) {
        Removed counted = new Removed(0, 0, 0);
        for (List<Long> batch : batches(eligible(rule, rule.lastStatuses(), List.of()))) {
            String in = placeholders(batch.size());
            counted = counted.plus(new Removed(batch.size(),
                    count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (" + in + ")", batch),
                    count("SELECT COUNT(*) FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID IN (" + in + ")", batch)));
        }
        return counted;
    }

    /** Old instances the rule keeps because their last execution is resumable (0 when it includes them). */
    public long resumableKept(Rule rule) {
        return rule.includeUnfinished() ? 0 : eligible(rule, RESUMABLE, List.of()).size();
    }

    /**
     * Instances whose every execution ended before the cutoff and whose last one has one of the statuses;
     * among {@code among} when it is not empty. Asked again inside each batch's transaction, so that an
     * instance that changed since the first look is left alone.
     */
    private List<Long> eligible(Rule rule, List<String> lastStatuses, List<Long> among) {
        List<Object> values = new ArrayList<>(List.of(JobParameterNames.JOB_NAME,
                Timestamp.valueOf(rule.endedBefore())));
        values.addAll(lastStatuses);
        values.addAll(among);
        return jdbc.queryForList("SELECT i.JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE i WHERE i.JOB_NAME = ? "
                + "AND EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID) "
                + "AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID "
                + "AND (e.END_TIME IS NULL OR e.END_TIME >= ?)) "
                + "AND (SELECT l.STATUS FROM BATCH_JOB_EXECUTION l WHERE l.JOB_EXECUTION_ID = (SELECT MAX(m.JOB_EXECUTION_ID) "
                + "FROM BATCH_JOB_EXECUTION m WHERE m.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID)) IN ("
                + placeholders(lastStatuses.size()) + ")"
                + (among.isEmpty() ? "" : " AND i.JOB_INSTANCE_ID IN (" + placeholders(among.size()) + ")")
                + " ORDER BY i.JOB_INSTANCE_ID", Long.class, values.toArray());
    }

    /** The project's rows first: they name the executions Spring Batch's removal takes away. */
    private Removed delete(List<Long> instances) {
        if (instances.isEmpty()) {
            return new Removed(0, 0, 0);
        }
        String in = placeholders(instances.size());
        String executions = "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (" + in + ")";
        Object[] ids = instances.toArray();
        long outcomeRows = jdbc.update("DELETE FROM PROVISIONING_OUTCOME WHERE JOB_INSTANCE_ID IN (" + in + ")", ids);
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT WHERE JOB_INSTANCE_ID IN (" + in + ")", ids);
        jdbc.update("DELETE FROM PROVISIONING_DEPARTED WHERE JOB_INSTANCE_ID IN (" + in + ")", ids);
        jdbc.update("DELETE FROM PROVISIONING_SYNC WHERE JOB_INSTANCE_ID IN (" + in + ")", ids);
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT WHERE JOB_EXECUTION_ID IN (" + executions + ")", ids);
        // counted, not loaded: deleteJobInstance loads each execution itself
        long removedExecutions = count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN (" + in + ")",
                instances);
        for (long id : instances) {
            jobRepository.deleteJobInstance(jobRepository.getJobInstance(id));
        }
        return new Removed(instances.size(), removedExecutions, outcomeRows);
    }

    private long count(String sql, List<Long> ids) {
        return jdbc.queryForObject(sql, Long.class, ids.toArray());
    }

    private static List<List<Long>> batches(List<Long> ids) {
        List<List<Long>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += INSTANCES_PER_TRANSACTION) {
            batches.add(ids.subList(from, Math.min(ids.size(), from + INSTANCES_PER_TRANSACTION)));
        }
        return batches;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
