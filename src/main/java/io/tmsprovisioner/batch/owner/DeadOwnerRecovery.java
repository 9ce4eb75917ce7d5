package io.tmsprovisioner.batch.owner;

import io.tmsprovisioner.repository.JobParameterNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDateTime;

/**
 * An execution left STARTED (or STOPPING) by a process that is gone: after {@code kill -9}, an OOM, a lost
 * pod or host; or left UNKNOWN by a commit that failed half-way. While its lease is fresh by its owner's own
 * limit the owner is taken for alive, unless this host proves the process gone (see
 * {@link ProcessOwner#presenceIn}); an owner that cannot be proven gone is taken over only once its lease is
 * stale, with a compare-and-delete of the lease (see {@link Heartbeat}). A live owner is never taken for dead.
 */
public final class DeadOwnerRecovery {
    private static final Logger log = LoggerFactory.getLogger(DeadOwnerRecovery.class);

    private final JobRepository jobRepository;
    private final Heartbeat heartbeat;
    private final ProcessTable processTable;
    private final TransactionTemplate transactions;

    /**
     * @param transactionManager the job repository's: its updates join the transaction that releases the lease
     */
    public DeadOwnerRecovery(JobRepository jobRepository, Heartbeat heartbeat, ProcessTable processTable,
                      PlatformTransactionManager transactionManager) {
        this.jobRepository = jobRepository;
        this.heartbeat = heartbeat;
        this.processTable = processTable;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Marks {@code last} FAILED, for its instance to be resumed, once its owner is known to be dead; or, for an
     * execution that ended UNKNOWN (a commit failed half-way), once its owner holds no lease any more.
     *
     * @throws RunRefusedException when the owner is alive, or cannot be known dead yet
     */
    public void recover(JobExecution last) {
        if (last.getStatus() == BatchStatus.UNKNOWN && heartbeat.livenessOf(last.getId()).silence().isEmpty()) {
            // its owner ended the job and let go of the lease: the journal tells what its uncertain commit held
            log.warn("Execution {} ended UNKNOWN: a commit failed and may or may not have gone through; marking it "
                    + "FAILED", last.getId());
            releaseAndMarkFailed(last, () -> { });
            return;
        }
        ProcessOwner owner = ProcessOwner.parse(last.getJobParameters().getString(JobParameterNames.OWNER))
                .orElseThrow(() -> new RunRefusedException("Execution " + last.getId()
                        + " of this job is marked " + last.getStatus() + " and its owner is unknown; "
                        + "nothing was started"));
        switch (owner.presenceIn(processTable)) {
            case RUNNING -> throw new RunRefusedException("Execution " + last.getId() + " of this job is still "
                    + "running in " + owner.describe() + "; nothing was started. Wait for it to finish, or stop that "
                    + "process and run the same command again to resume.");
            case GONE -> {
                log.warn("Execution {} was left {} by {}, which is no longer running; marking it FAILED",
                        last.getId(), last.getStatus(), owner.describe());
                releaseAndMarkFailed(last, () -> heartbeat.forget(last.getId()));
            }
            case UNPROVEN -> {
                Heartbeat.Liveness stale = staleLease(last, owner);
                BatchStatus left = last.getStatus();
                releaseAndMarkFailed(last, () -> takeOver(last, owner, stale));
                log.warn("Execution {} was left {} by {}, whose heartbeat stopped {} s ago; marked it FAILED",
                        last.getId(), left, owner.describe(), stale.silence().orElseThrow().toSeconds());
            }
        }
    }

    /**
     * Releases the lease and marks {@code last} FAILED in one transaction: a crash between the two would leave
     * an execution without a lease that no run may take over.
     */
    private void releaseAndMarkFailed(JobExecution last, Runnable releaseLease) {
        try {
            transactions.executeWithoutResult(status -> {
                releaseLease.run();
                markFailed(last);
            });
        } catch (OptimisticLockingFailureException recoveredElsewhere) {
            // another run (or an abandon) on this host recovered it at the same moment; the launch lock decides
            // which launch resumes it
            log.info("Execution {} was marked FAILED by another run at the same moment", last.getId());
        }
    }

    /**
     * What {@code JobOperator.recover} does, and also for an execution or step left UNKNOWN, which Spring Batch
     * 6.0's recover leaves as it is and refuses to restart.
     */
    private void markFailed(JobExecution last) {
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : last.getStepExecutions()) {
            if (needsRecovery(step.getStatus())) {
                step.setStatus(BatchStatus.FAILED);
                step.setEndTime(now);
                jobRepository.update(step);
            }
        }
        last.setStatus(BatchStatus.FAILED);
        last.setEndTime(now);
        jobRepository.update(last);
    }

    /** Whether an execution or step with this status must be marked FAILED before its instance can resume. */
    public static boolean needsRecovery(BatchStatus status) {
        return status.isRunning() || status == BatchStatus.UNKNOWN;
    }

    /** The lease of an owner whose end this host cannot prove, once it is stale by the owner's limit. */
    private Heartbeat.Liveness staleLease(JobExecution last, ProcessOwner owner) {
        Heartbeat.Liveness liveness = heartbeat.livenessOf(last.getId());
        if (!liveness.takenForDead()) {
            throw new RunRefusedException("Execution " + last.getId() + " of this job is marked "
                    + last.getStatus() + " by " + owner.describe() + ", which "
                    + (owner.isLocal() ? "this process cannot check (it has this host's name, but another boot, pid "
                            + "namespace or user, or an earlier version recorded it)" : "this host cannot check")
                    + ", and "
                    + liveness.silence().map(silence -> "whose heartbeat was " + silence.toSeconds() + " s ago")
                            .orElse("which left no heartbeat")
                    + "; nothing was started. If that process is running, wait for it; if it died, run the "
                    + "same command again once its heartbeat is " + liveness.staleAfter().toSeconds()
                    + " s old" + (owner.isLocal() ? "" : ", or run it on " + owner.host()) + ".");
        }
        return liveness;
    }

    private void takeOver(JobExecution last, ProcessOwner owner, Heartbeat.Liveness stale) {
        if (!heartbeat.takeOver(last.getId(), stale)) {
            throw new RunRefusedException("Execution " + last.getId() + " of this job gave a sign of life just now, "
                    + "after " + stale.silence().orElseThrow().toSeconds() + " s of silence: its owner, "
                    + owner.describe() + ", is running again; nothing was started.");
        }
    }
}
