package io.tmsprovisioner.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * An execution left STARTED (or STOPPING) by a process that is gone: after {@code kill -9}, an OOM, a lost
 * pod or host. A process on this host, in this pid namespace and boot, is asked of the operating system;
 * any other (another host, a container with the same host name, an owner an earlier version recorded) is
 * judged by its heartbeat, taken over only once silent for four beats and with a compare-and-delete of
 * the lease (see {@link Heartbeat}). A live owner is never taken for dead.
 */
final class DeadOwnerRecovery {
    private static final Logger log = LoggerFactory.getLogger(DeadOwnerRecovery.class);

    private final JobOperator jobOperator;
    private final Heartbeat heartbeat;

    DeadOwnerRecovery(JobOperator jobOperator, Heartbeat heartbeat) {
        this.jobOperator = jobOperator;
        this.heartbeat = heartbeat;
    }

    /**
     * Marks {@code last} FAILED, for its instance to be resumed, once its owner is known to be dead.
     *
     * @throws RunRefusedException when the owner is alive, or cannot be known dead yet
     */
    void recover(JobExecution last) {
        ProcessOwner owner = ProcessOwner.parse(last.getJobParameters().getString(JobParameterNames.OWNER))
                .orElseThrow(() -> new RunRefusedException("Execution " + last.getId()
                        + " of this job is marked " + last.getStatus() + " and its owner is unknown; "
                        + "nothing was started"));
        if (owner.isAliveHere()) {
            throw new RunRefusedException("Execution " + last.getId() + " of this job is still running in "
                    + owner.describe() + "; nothing was started. Wait for it to finish, or stop that process "
                    + "and run the same command again to resume.");
        }
        if (owner.canBeCheckedHere()) {
            log.warn("Execution {} was left {} by {}, which is no longer running; marking it FAILED and resuming",
                    last.getId(), last.getStatus(), owner.describe());
        } else {
            // same host name is not the same process table: another container, a cloned VM, an earlier version
            Heartbeat.Liveness liveness = heartbeat.livenessOf(last.getId());
            if (!liveness.takenForDead()) {
                throw new RunRefusedException("Execution " + last.getId() + " of this job is marked "
                        + last.getStatus() + " by " + owner.describe() + ", which "
                        + (owner.isLocal() ? "this process cannot check (it has this host's name, but another boot or "
                                + "pid namespace, or an earlier version recorded it)" : "this host cannot check")
                        + ", and "
                        + liveness.silence().map(silence -> "whose heartbeat was " + silence.toSeconds() + " s ago")
                                .orElse("which left no heartbeat")
                        + "; nothing was started. If that process is running, wait for it; if it died, run the "
                        + "same command again once its heartbeat is " + liveness.staleAfter().toSeconds()
                        + " s old" + (owner.isLocal() ? "" : ", or run it on " + owner.host()) + ".");
            }
            if (!heartbeat.takeOver(last.getId(), liveness)) {
                throw new RunRefusedException("Execution " + last.getId() + " of this job gave a sign of life just now, "
                        + "after " + liveness.silence().orElseThrow().toSeconds() + " s of silence: its owner, "
                        + owner.describe() + ", is running again; nothing was started.");
            }
            log.warn("Execution {} was left {} by {}, whose heartbeat stopped {} s ago; marking it FAILED and "
                    + "resuming", last.getId(), last.getStatus(), owner.describe(),
                    liveness.silence().orElseThrow().toSeconds());
        }
        try {
            jobOperator.recover(last);
            heartbeat.forget(last.getId());
        } catch (OptimisticLockingFailureException recoveredElsewhere) {
            // another run on this host recovered it at the same moment; the resume lock decides which one resumes
            log.info("Execution {} was marked FAILED by another run at the same moment", last.getId());
        }
    }
}
