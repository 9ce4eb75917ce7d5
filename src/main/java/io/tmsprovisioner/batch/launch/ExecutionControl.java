package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.batch.owner.DeadOwnerRecovery;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.ProcessOwner;
import io.tmsprovisioner.batch.owner.ProcessTable;
import io.tmsprovisioner.batch.owner.RemoteStop;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.repository.JobParameterNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.LocalDateTime;

/**
 * {@code stop} and {@code abandon} of an execution, from any host that shares the repository. A stop is asked
 * through the repository ({@link RemoteStop}) and carried out by the owner, which ends the run STOPPED as on
 * SIGTERM; nothing here writes to a running execution, whose owner updates it with a version check. Abandoning
 * gives a run up for good: the same {@code run} command then starts a fresh job instance instead of resuming it.
 */
public final class ExecutionControl {

    /** What became of a request. */
    public enum Verdict {
        /** Asked, or done. */
        DONE,
        /** It does not apply to that execution (unknown, ended, running, ...): nothing was changed. */
        NOT_APPLICABLE,
        /** The execution's owner is dead or cannot be reached: nothing would act on a stop. */
        OWNER_GONE
    }

    /** A verdict and the sentence that tells the administrator what happened and what to do. */
    public record Answer(Verdict verdict, String message) {
    }

    private final JobRepository jobRepository;
    private final Heartbeat heartbeat;
    private final RemoteStop remoteStop;
    private final DeadOwnerRecovery deadOwners;

    public ExecutionControl(JobRepository jobRepository, Heartbeat heartbeat, JdbcTemplate jdbc,
                            PlatformTransactionManager transactionManager) {
        this.jobRepository = jobRepository;
        this.heartbeat = heartbeat;
        this.remoteStop = new RemoteStop(jdbc);
        this.deadOwners = new DeadOwnerRecovery(jobRepository, heartbeat, ProcessTable.SYSTEM, transactionManager);
    }

    /** Who asks, as the owner names them: the operating system's user and this host. */
    public static String asker() {
        return System.getProperty("user.name") + "@" + ProcessOwner.localHost();
    }

    /**
     * Asks a running execution's owner to stop: within a few seconds it takes no new row, lets the rows in flight
     * finish and ends the execution STOPPED, for the same command to resume.
     *
     * @param by who asks, {@code user@host}
     */
    public Answer stop(long executionId, String by) {
        JobExecution execution = find(executionId);
        if (execution == null) {
            return unknown(executionId);
        }
        if (!execution.getStatus().isRunning()) {
            return notRunning(execution);
        }
        String owner = ownerOf(execution);
        Heartbeat.Liveness liveness = heartbeat.livenessOf(executionId);
        if (liveness.silence().isEmpty()) {
            return new Answer(Verdict.OWNER_GONE, "Execution " + executionId + " is " + execution.getStatus()
                    + " but has no heartbeat: its owner, " + owner + ", ended without ending it (or was recorded by an "
                    + "earlier version), and nothing would act on a stop. Run the same `run` command on that host: it "
                    + "finds the process gone and resumes the run; or `abandon " + executionId + "` there.");
        }
        if (liveness.takenForDead() || ownerProvenGone(execution)) {
            return new Answer(Verdict.OWNER_GONE, "Execution " + executionId + " is " + execution.getStatus()
                    + ", but its owner, " + owner + ", is dead (its last sign of life was "
                    + liveness.silence().get().toSeconds() + " s ago): nothing would act on a stop. Run the same "
                    + "`run` command to take the execution over and resume it, or `abandon " + executionId
                    + "` to give it up.");
        }
        if (remoteStop.ask(executionId, by)) {
            return new Answer(Verdict.DONE, "Asked execution " + executionId + " to stop. Its owner, " + owner
                    + ", looks every " + Heartbeat.STOP_POLL.toSeconds() + " s, lets the rows in flight finish and "
                    + "ends it STOPPED; `status` shows when it has. Run the same `run` command to resume it.");
        }
        return remoteStop.askedOf(executionId)
                .map(asked -> new Answer(Verdict.DONE, "A stop of execution " + executionId + " was asked already, by "
                        + asked.by() + " at " + asked.at() + "; its owner, " + owner + ", is stopping it."))
                .orElseGet(() -> notRunning(jobRepository.getJobExecution(executionId)));
    }

    /**
     * Marks a run that is not running ABANDONED (FAILED, STOPPED, UNKNOWN, or left STARTED by a dead owner), so that
     * the same command starts a fresh job instance instead of resuming it. A running one, a completed one and one
     * that a later execution resumed are refused.
     */
    public Answer abandon(long executionId) {
        JobExecution execution = find(executionId);
        if (execution == null) {
            return unknown(executionId);
        }
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            return new Answer(Verdict.NOT_APPLICABLE, "Execution " + executionId + " is " + status
                    + (status == BatchStatus.COMPLETED ? ": its run is done" : " already") + "; nothing to abandon.");
        }
        JobExecution last = jobRepository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != executionId) {
            return new Answer(Verdict.NOT_APPLICABLE, "Execution " + executionId + " was resumed by execution "
                    + last.getId() + " (" + last.getStatus() + "): the run goes on there, so abandon that one; nothing "
                    + "was changed.");
        }
        if (DeadOwnerRecovery.needsRecovery(status)) {
            Heartbeat.Liveness liveness = heartbeat.livenessOf(executionId);
            if (status.isRunning() && liveness.silence().isPresent() && !liveness.takenForDead()
                    && !ownerProvenGone(execution)) {
                return new Answer(Verdict.NOT_APPLICABLE, "Execution " + executionId + " is " + status + " in "
                        + ownerOf(execution) + " (its last sign of life " + liveness.silence().get().toSeconds()
                        + " s ago): a running execution is never abandoned. `stop " + executionId + "` first, then "
                        + "`abandon " + executionId + "` once it is STOPPED.");
            }
            try {
                deadOwners.recover(execution);
            } catch (RunRefusedException ownerMayLive) {
                return new Answer(Verdict.NOT_APPLICABLE, "Execution " + executionId + " cannot be abandoned yet: "
                        + ownerMayLive.getMessage());
            }
            execution = jobRepository.getJobExecution(executionId);
        }
        try {
            markAbandoned(execution);
        } catch (OptimisticLockingFailureException changed) {
            return new Answer(Verdict.NOT_APPLICABLE, "Execution " + executionId + " changed while it was being "
                    + "abandoned (another run resumed or recovered it): nothing was changed; `status` tells what it is.");
        }
        return new Answer(Verdict.DONE, "Execution " + executionId + " of job instance " + execution.getJobInstanceId()
                + " (" + execution.getJobParameters().getString(JobParameterNames.INPUT_FILE) + ") was " + status
                + " and is now ABANDONED: the same `run` command starts a fresh job instance, which does every row "
                + "again" + (destructive(execution) ? " (a reset resets every credential again)" : "")
                + ". Its recorded rows stay in `report " + executionId + "` and `history`.");
    }

    /** What {@code JobOperator.abandon} does, without the job operator that only {@code run}'s context has. */
    private void markAbandoned(JobExecution execution) {
        execution.upgradeStatus(BatchStatus.ABANDONED);
        execution.setEndTime(LocalDateTime.now());
        jobRepository.update(execution);
    }

    private static boolean destructive(JobExecution execution) {
        return !"false".equals(execution.getJobParameters().getString(JobParameterNames.INPUT_DESTRUCTIVE));
    }

    private JobExecution find(long executionId) {
        try {
            JobExecution execution = jobRepository.getJobExecution(executionId);
            return execution != null
                    && execution.getJobInstance().getJobName().equals(JobParameterNames.JOB_NAME)
                    ? execution : null;
        } catch (EmptyResultDataAccessException unknown) {
            // the JDBC repository throws, rather than answering null, for an id it never issued
            return null;
        }
    }

    private static Answer unknown(long executionId) {
        return new Answer(Verdict.NOT_APPLICABLE, "No execution " + executionId + " in this repository; `status` "
                + "lists the executions it has.");
    }

    private static Answer notRunning(JobExecution execution) {
        BatchStatus status = execution.getStatus();
        String next = switch (status) {
            case STOPPED, FAILED, UNKNOWN -> " Run the same `run` command to resume it, or `abandon "
                    + execution.getId() + "` to give it up.";
            default -> "";
        };
        return new Answer(Verdict.NOT_APPLICABLE, "Execution " + execution.getId() + " is not running: it is "
                + status + (execution.getEndTime() == null ? "" : " since " + execution.getEndTime().withNano(0))
                + "; nothing to stop." + next);
    }

    private static boolean ownerProvenGone(JobExecution execution) {
        return ProcessOwner.parse(execution.getJobParameters().getString(JobParameterNames.OWNER))
                .map(owner -> owner.presenceIn(ProcessTable.SYSTEM) == ProcessOwner.Presence.GONE).orElse(false);
    }

    /** The process that launched the execution, as its parameters recorded it. */
    static String ownerOf(JobExecution execution) {
        return ProcessOwner.parse(execution.getJobParameters().getString(JobParameterNames.OWNER))
                .map(ProcessOwner::describe).orElse("an unknown process");
    }
}
