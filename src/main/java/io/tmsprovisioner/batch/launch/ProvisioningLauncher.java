package io.tmsprovisioner.batch.launch;

import io.tmsprovisioner.batch.owner.DeadOwnerRecovery;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.ProcessOwner;
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
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the provisioning job so that running the same command again does the right thing: it resumes
 * the instance whose last execution failed, was stopped, was left STARTED by a dead process, or ended
 * UNKNOWN (a commit failed half-way), and starts a fresh instance after one that completed (a scheduled
 * re-run verifies again).
 *
 * <p>Two runs of the same job at once (two cron hosts on one database) never both run: the second is
 * refused with a {@link RunRefusedException}. When it comes after the first has started, it finds the
 * first's execution running. When both look at the same moment and find none:
 * <ul>
 *   <li>a first run: both try to create the job instance and Spring Batch lets only one (the loser gets
 *       "JobInstance must not already exist", the unique key on the instance, or a serialization failure);</li>
 *   <li>a resume: Spring Batch 6 checks for a running execution outside any transaction and would let both
 *       create an execution of the same instance and run it. So a resume holds a row lock on the execution
 *       it resumes (in a connection of its own, {@code SELECT ... FOR UPDATE}, H2 and PostgreSQL alike) from
 *       before it looks again until its own execution is created; whoever gets the lock second sees the
 *       other's execution and is refused.</li>
 * </ul>
 * A run that looks while the other has created the instance but not yet its execution waits for that
 * execution, then finds it running.
 */
public class ProvisioningLauncher {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningLauncher.class);

    /** How long another run may take between creating an instance and creating its first execution. */
    private static final Duration FIRST_EXECUTION_WAIT = Duration.ofSeconds(5);
    private static final long FIRST_EXECUTION_POLL_MILLIS = 20;

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job provisioningJob;
    private final DataSource dataSource;
    private final InstanceSequence instanceSequence;
    private final UnfinishedRuns unfinishedRuns;
    private final DeadOwnerRecovery deadOwners;
    private final Duration firstExecutionWait;

    @Autowired
    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                                DataSource dataSource, Heartbeat heartbeat,
                                PlatformTransactionManager transactionManager) {
        this(jobOperator, jobRepository, provisioningJob, dataSource,
                new DeadOwnerRecovery(jobRepository, heartbeat, ProcessTable.SYSTEM, transactionManager),
                FIRST_EXECUTION_WAIT);
    }

    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                         DataSource dataSource, DeadOwnerRecovery deadOwners, Duration firstExecutionWait) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.provisioningJob = provisioningJob;
        this.dataSource = dataSource;
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        this.instanceSequence = new InstanceSequence(jdbc);
        this.unfinishedRuns = new UnfinishedRuns(jdbc);
        this.deadOwners = deadOwners;
        this.firstExecutionWait = firstExecutionWait;
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
        try {
            Latest latest = latestInstance(request);
            if (latest.instance() == null) {
                return startNew(request, latest.nextSequence(), launchedBy);
            }
            JobExecution last = jobRepository.getLastJobExecution(latest.instance());
            if (last == null) {
                last = awaitFirstExecution(latest.instance());
            }
            if (last == null) {
                // Spring Batch cannot start an instance without executions: leave it and start afresh
                log.warn("Job instance {} has no execution: the run that created it stopped before starting it; "
                        + "starting a new instance", latest.instance().getInstanceId());
                return startNew(request, latest.nextSequence(), launchedBy);
            }
            BatchStatus status = last.getStatus();
            if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
                return startNew(request, latest.nextSequence(), launchedBy);
            }
            if (DeadOwnerRecovery.needsRecovery(status)) {
                deadOwners.recover(last);
            }
            log.info("Resuming job instance {} (its execution {} ended {})", latest.instance().getInstanceId(),
                    last.getId(), status);
            return resume(latest.instance(), last,
                    launchedBy.addTo(request.parameters(latest.nextSequence() - 1)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while launching the job", interrupted);
        } catch (JobExecutionException | SQLException unexpected) {
            // refused runs are RunRefusedException; anything else Spring Batch or the database says is a fault
            throw new IllegalStateException("The job could not be launched: " + unexpected.getMessage(), unexpected);
        }
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
     * The first execution of an instance found without one. Spring Batch creates an instance and its first
     * execution in two transactions, so a run that looks in between finds an instance that another run is
     * starting at this moment; taking it for finished would start a second run beside that one.
     *
     * @return null when none came: the run that created the instance died before starting it
     */
    private JobExecution awaitFirstExecution(JobInstance instance) throws InterruptedException {
        long deadline = System.nanoTime() + firstExecutionWait.toNanos();
        JobExecution first;
        while ((first = jobRepository.getLastJobExecution(instance)) == null && System.nanoTime() < deadline) {
            Thread.sleep(FIRST_EXECUTION_POLL_MILLIS);
        }
        return first;
    }

    /**
     * Starts the request's {@code sequence}-th job instance, unless an unfinished run of another content of the
     * same file is in the way (see {@link UnfinishedRuns}). Such a run is marked ABANDONED first, and the new
     * instance records that it supersedes it, when neither content removes or resets anything or the request
     * says so; otherwise the start is refused. A run whose owner lives is never abandoned. Spring Batch creates
     * an instance only once, so of two racing starts one loses.
     */
    private JobExecution startNew(RunRequest request, long sequence, LaunchedBy launchedBy)
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
        JobParameters parameters = launchedBy.addTo(supersedes(request.parameters(sequence), inTheWay));
        StartsOnce job = new StartsOnce(provisioningJob, () -> { });
        try {
            return jobOperator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException | JobInstanceAlreadyCompleteException
                 | DataIntegrityViolationException | ConcurrencyFailureException | IllegalStateException lost) {
            if (job.started() || jobRepository.getJobInstance(provisioningJob.getName(), parameters) == null) {
                throw lost;
            }
            throw new RunRefusedException("Another run of this job (same input, action and Tapis URL) started "
                    + "at the same moment on this repository; nothing was started. Run `status` to follow it; "
                    + "if it fails, run the same command again to resume it.", lost);
        }
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

    /** Resumes {@code last}'s instance unless another run has created an execution of it since {@code last}. */
    private JobExecution resume(JobInstance instance, JobExecution last, JobParameters parameters)
            throws JobExecutionException, SQLException {
        try (ResumeLock lock = ResumeLock.acquire(dataSource, last.getId())) {
            JobExecution now = jobRepository.getLastJobExecution(instance);
            if (now != null && now.getId() != last.getId()) {
                throw new RunRefusedException("Another run of this job resumed it at the same moment (execution "
                        + now.getId() + ", " + now.getStatus() + ", launched by "
                        + ProcessOwner.parse(now.getJobParameters().getString(JobParameterNames.OWNER))
                        .map(ProcessOwner::describe).orElse("an unknown process")
                        + "); nothing was started. Run `status` to follow it.");
            }
            StartsOnce job = new StartsOnce(provisioningJob, lock::close);
            try {
                return jobOperator.start(job, parameters);
            } catch (JobExecutionAlreadyRunningException lost) {
                if (job.started()) {
                    throw lost;
                }
                throw new RunRefusedException("Another run of this job is running on this repository; nothing was "
                        + "started. Run `status` to follow it.", lost);
            }
        }
    }

}
