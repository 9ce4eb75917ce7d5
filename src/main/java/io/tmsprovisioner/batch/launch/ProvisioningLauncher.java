package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.batch.owner.DeadOwnerRecovery;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.ProcessTable;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.repository.JobParameterNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobExecutionException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the provisioning job so that running the same command again does the right thing: it resumes
 * the instance whose last execution failed, was stopped, was left STARTED by a dead process, or ended
 * UNKNOWN (a commit failed half-way), and starts a fresh instance after one that completed (a scheduled
 * re-run verifies again).
 *
 * <p>Two runs of the same job at once (two cron hosts on one database) never both run: each launch holds its
 * request's {@link LaunchLock} from before it looks at the request's instances until its execution exists, so
 * the second decides after the first, finds the first's execution running, and is refused with a
 * {@link RunRefusedException}.
 */
public class ProvisioningLauncher {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningLauncher.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job provisioningJob;
    private final DataSource dataSource;
    private final InstanceSequence instanceSequence;
    private final UnfinishedRuns unfinishedRuns;
    private final DeadOwnerRecovery deadOwners;

    @Autowired
    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                                DataSource dataSource, Heartbeat heartbeat,
                                PlatformTransactionManager transactionManager) {
        this(jobOperator, jobRepository, provisioningJob, dataSource,
                new DeadOwnerRecovery(jobRepository, heartbeat, ProcessTable.SYSTEM, transactionManager));
    }

    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                                DataSource dataSource, DeadOwnerRecovery deadOwners) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.provisioningJob = provisioningJob;
        this.dataSource = dataSource;
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.instanceSequence = new InstanceSequence(jdbc);
        this.unfinishedRuns = new UnfinishedRuns(jdbc);
        this.deadOwners = deadOwners;
    }

    /** The latest job instance of a request, and the sequence number its next instance would have. */
    private record Latest(JobInstance instance, long nextSequence) {
    }

    /**
     * Runs the job to its end in this thread and returns the execution: resumes the request's latest job
     * instance unless that one completed or was abandoned, and starts a new instance then.
     *
     * @throws RunRefusedException when another run holds the job, or an unfinished run of the file's other
     *                             content is in the way; nothing was started
     */
    public JobExecution launch(RunRequest request) {
        return launch(request, LaunchedBy.thisProcess(Optional.empty()));
    }

    /**
     * As {@link #launch(RunRequest)}, recording with the execution who launched it.
     *
     * @throws RunRefusedException when another run holds the job, or an unfinished run of the file's other
     *                             content is in the way; nothing was started
     */
    public JobExecution launch(RunRequest request, LaunchedBy launchedBy) {
        try (LaunchLock lock = LaunchLock.acquire(dataSource, request.launchKey())) {
            Latest latest = latestInstance(request);
            JobExecution last = latest.instance() == null ? null : jobRepository.getLastJobExecution(latest.instance());
            if (last == null) {
                if (latest.instance() != null) {
                    // Spring Batch cannot start an instance without executions: leave it and start afresh
                    log.warn("Job instance {} has no execution: the run that created it stopped before starting "
                            + "it; starting a new instance", latest.instance().getInstanceId());
                }
                return startNew(request, latest.nextSequence(), launchedBy, lock);
            }
            BatchStatus status = last.getStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
                return startNew(request, latest.nextSequence(), launchedBy, lock);
            }
            if (DeadOwnerRecovery.needsRecovery(status)) {
                try {
                    deadOwners.recover(last);
                } catch (RunRefusedException ownerLives) {
                    throw lock.contended() ? startedMeanwhile(last, ownerLives) : ownerLives;
                }
            }
            log.info("Resuming job instance {} (its execution {} ended {})", latest.instance().getInstanceId(),
                    last.getId(), status);
            return start(launchedBy.addTo(request.parameters(latest.nextSequence() - 1)), lock);
        } catch (JobExecutionException | SQLException unexpected) {
            // refused runs are RunRefusedException; anything else Spring Batch or the database says is a fault
            throw new IllegalStateException("The job could not be launched: " + unexpected.getMessage(), unexpected);
        }
    }

    /**
     * Another launch held the lock while this one waited, and started or resumed the run meanwhile: said so, with
     * why its execution is not taken over.
     */
    private RunRefusedException startedMeanwhile(JobExecution running, RunRefusedException ownerLives) {
        if (jobRepository.getJobExecutions(running.getJobInstance()).size() == 1) {
            return new RunRefusedException("Another run of this job (same input, action and Tapis URL) started "
                    + "at the same moment on this repository: " + ownerLives.getMessage() + " Run `status` to "
                    + "follow it; if it fails, run the same command again to resume it.", ownerLives);
        }
        return new RunRefusedException("Another run of this job resumed it at the same moment (execution "
                + running.getId() + ", " + running.getStatus() + ", launched by " + ExecutionControl.ownerOf(running)
                + "); nothing was started. Run `status` to follow it.", ownerLives);
    }

    /**
     * Probes the request's instances from the newest sequence number recorded up: the instances of one input,
     * action, Tapis URL and mode are numbered 1, 2, 3, ...
     */
    private Latest latestInstance(RunRequest request) {
        long sequence = instanceSequence.newest(request.parameters(1));
        JobInstance latest = null;
        for (JobInstance found; (found = jobRepository.getJobInstance(provisioningJob.getName(),
                request.parameters(sequence))) != null; sequence++) {
            latest = found;
        }
        return new Latest(latest, sequence);
    }

    /**
     * Starts the request's {@code sequence}-th job instance, unless an unfinished run of another content of the
     * same file is in the way (see {@link UnfinishedRuns}). Such a run is marked ABANDONED first, and the new
     * instance records that it supersedes it, when neither content removes or resets anything or the request
     * says so; otherwise the start is refused. A run whose owner lives is never abandoned.
     */
    private JobExecution startNew(RunRequest request, long sequence, LaunchedBy launchedBy, LaunchLock lock)
            throws JobExecutionException {
        List<UnfinishedRuns.Unfinished> inTheWay = unfinishedRuns.ofOtherContent(request);
        // all refusals before any change: a refused run leaves every unfinished run as it found it
        inTheWay.forEach(unfinished -> requireReplaceable(unfinished, request));
        for (UnfinishedRuns.Unfinished unfinished : inTheWay) {
            JobExecution old = jobRepository.getJobExecution(unfinished.executionId());
            if (DeadOwnerRecovery.needsRecovery(old.getStatus())) {
                deadOwners.recover(old); // refuses while its owner lives
                old = jobRepository.getJobExecution(unfinished.executionId());
            }
            log.warn("Marking execution {} of job instance {} ABANDONED: it ran an earlier content of {}, which {}",
                    unfinished.executionId(), unfinished.instanceId(), request.inputFile(),
                    request.abandonUnfinished() ? "--abandon-unfinished gives up"
                            : "this one supersedes (neither removes or resets a credential)");
            jobOperator.abandon(old);
        }
        return start(launchedBy.addTo(supersedes(request.parameters(sequence), inTheWay)), lock);
    }

    /** Runs the job: the lock goes as soon as the execution exists, for the whole run would be too long to hold it. */
    private JobExecution start(JobParameters parameters, LaunchLock lock) throws JobExecutionException {
        return jobOperator.start(new LockReleasingJob(provisioningJob, lock), parameters);
    }

    private static void requireReplaceable(UnfinishedRuns.Unfinished unfinished, RunRequest request) {
        if (request.abandonUnfinished() || unfinished.supersedableBy(request)) {
            return;
        }
        throw new RunRefusedException("An unfinished run of " + request.inputFile() + " with other content "
                + "exists: job instance " + unfinished.instanceId() + ", its execution " + unfinished.executionId()
                + " " + unfinished.status() + ". The file changed since, and "
                + (request.destructive() ? "the new content removes or resets" : "the old run's content may remove "
                        + "or reset") + " credentials: running the new content would do its rows again beside the "
                + "old run's (for a reset file, every reset again). Nothing was started. Put the original content back and run the same "
                + "command to finish the old run, or give --abandon-unfinished to mark it ABANDONED and start this "
                + "one.");
    }

    /** The parameters with the executions this instance takes the place of, for its summary to name them. */
    private static JobParameters supersedes(JobParameters parameters, List<UnfinishedRuns.Unfinished> replaced) {
        if (replaced.isEmpty()) {
            return parameters;
        }
        return new JobParametersBuilder(parameters).addString(JobParameterNames.SUPERSEDES, replaced.stream()
                .map(unfinished -> Long.toString(unfinished.executionId()))
                .collect(Collectors.joining(",")), false).toJobParameters();
    }

}
