package io.tmsprovisioner.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Starts the provisioning job so that running the same command again does the right thing: it resumes
 * the instance whose last execution failed, was stopped, or was left STARTED by a dead process, and
 * starts a fresh instance after one that completed (a scheduled re-run verifies again).
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
    private final Heartbeat heartbeat;
    private final Duration firstExecutionWait;

    @Autowired
    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                                DataSource dataSource, Heartbeat heartbeat) {
        this(jobOperator, jobRepository, provisioningJob, dataSource, heartbeat, FIRST_EXECUTION_WAIT);
    }

    ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob,
                         DataSource dataSource, Heartbeat heartbeat, Duration firstExecutionWait) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.provisioningJob = provisioningJob;
        this.dataSource = dataSource;
        this.heartbeat = heartbeat;
        this.firstExecutionWait = firstExecutionWait;
    }

    /** Runs the job to its end in this thread and returns the execution. */
    public JobExecution launch(RunRequest request) throws Exception {
        long sequence = InstanceSequence.newest(dataSource, parameters(request, 1));
        JobInstance latest = null;
        for (JobInstance found; (found = jobRepository.getJobInstance(provisioningJob.getName(),
                parameters(request, sequence))) != null; sequence++) {
            latest = found;
        }
        if (latest == null) {
            return startNew(request, parameters(request, sequence));
        }
        JobExecution last = jobRepository.getLastJobExecution(latest);
        if (last == null) {
            last = awaitFirstExecution(latest);
        }
        if (last == null) {
            // Spring Batch cannot start an instance without executions: leave it and start afresh
            log.warn("Job instance {} has no execution: the run that created it stopped before starting it; "
                    + "starting a new instance", latest.getInstanceId());
            return startNew(request, parameters(request, sequence));
        }
        BatchStatus status = last.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            return startNew(request, parameters(request, sequence));
        }
        if (status.isRunning()) {
            recoverFromDeadOwner(last);
        }
        log.info("Resuming job instance {} (its execution {} ended {})", latest.getInstanceId(), last.getId(), status);
        return resume(latest, last, parameters(request, sequence - 1));
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
     * Starts a new job instance, unless an unfinished run of another content of the same file is in the way
     * (see {@link UnfinishedRuns}): it is marked ABANDONED first when the request says so, and refused
     * otherwise. Spring Batch creates an instance only once, so of two racing starts one loses.
     */
    private JobExecution startNew(RunRequest request, JobParameters parameters) throws Exception {
        for (UnfinishedRuns.Unfinished unfinished : new UnfinishedRuns(dataSource).ofOtherContent(request)) {
            JobExecution execution = jobRepository.getJobExecution(unfinished.executionId());
            if (!request.abandonUnfinished() || execution.getStatus().isRunning()) {
                throw new RunRefusedException("An unfinished run of " + request.inputFile() + " with other content "
                        + "exists: job instance " + unfinished.instanceId() + ", its execution "
                        + unfinished.executionId() + " " + unfinished.status() + ". The file changed since; running "
                        + "the new content would do its rows again beside the old run's (for a reset file, every "
                        + "reset again). Nothing was started. Put the original content back and run the same command "
                        + "to finish the old run, or give --abandon-unfinished to mark it ABANDONED and start this one"
                        + (execution.getStatus().isRunning() ? " once it is no longer running" : "") + ".");
            }
            log.warn("Marking execution {} of job instance {} ABANDONED: it ran another content of {}",
                    unfinished.executionId(), unfinished.instanceId(), request.inputFile());
            jobOperator.abandon(execution);
        }
        return startNew(parameters);
    }

    /** Starts a new job instance; Spring Batch creates an instance only once, so of two racing starts one loses. */
    private JobExecution startNew(JobParameters parameters) throws Exception {
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

    /** Resumes {@code last}'s instance unless another run has created an execution of it since {@code last}. */
    private JobExecution resume(JobInstance instance, JobExecution last, JobParameters parameters) throws Exception {
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

    private void recoverFromDeadOwner(JobExecution last) {
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
                        + "same command again once its heartbeat is " + heartbeat.staleAfter().toSeconds()
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

    static JobParameters parameters(RunRequest request, long sequence) {
        return new JobParametersBuilder()
                .addString(JobParameterNames.ACTION, request.defaultAction().name(), true)
                .addString(JobParameterNames.INPUT_SHA256, request.inputSha256(), true)
                .addString(JobParameterNames.TAPIS_URL, request.tapisUrl(), true)
                .addString(JobParameterNames.MODE, request.dryRun() ? JobParameterNames.DRY_RUN : JobParameterNames.APPLY,
                        true)
                .addLong(JobParameterNames.SEQUENCE, sequence, true)
                .addString(JobParameterNames.INPUT_FILE, request.inputFile().toAbsolutePath().toString(), false)
                .addString(JobParameterNames.OWNER, ProcessOwner.current().toString(), false)
                .addLong(JobParameterNames.INPUT_ROWS, request.rows(), false)
                .toJobParameters();
    }

    /**
     * A row lock on the execution being resumed, held by a transaction on a connection of its own (not
     * Spring's: the job repository refuses to create executions inside a caller's transaction). Nothing
     * else writes that row while it is held: the new execution refers to the instance, not to it.
     */
    private static final class ResumeLock implements AutoCloseable {
        private Connection connection;

        private ResumeLock(Connection connection) {
            this.connection = connection;
        }

        static ResumeLock acquire(DataSource dataSource, long executionId) throws SQLException {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ? FOR UPDATE")) {
                    lock.setLong(1, executionId);
                    lock.executeQuery().close();
                }
                return new ResumeLock(connection);
            } catch (SQLException | RuntimeException e) {
                try (connection) {
                    connection.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** Ends the locking transaction; idempotent. */
        @Override
        public void close() {
            if (connection == null) {
                return;
            }
            try (Connection held = connection) {
                connection = null;
                held.rollback();
            } catch (SQLException e) {
                log.warn("Could not release the resume lock cleanly: {}", e.toString());
            }
        }
    }

    /**
     * The provisioning job as launched here: tells whether Spring Batch got as far as running it (so an
     * exception before that means nothing was started), and runs {@code beforeRun} first.
     */
    private static final class StartsOnce implements Job {
        private final Job job;
        private final Runnable beforeRun;
        private volatile boolean started;

        StartsOnce(Job job, Runnable beforeRun) {
            this.job = job;
            this.beforeRun = beforeRun;
        }

        boolean started() {
            return started;
        }

        @Override
        public String getName() {
            return job.getName();
        }

        @Override
        public boolean isRestartable() {
            return job.isRestartable();
        }

        @Override
        public void execute(JobExecution execution) throws JobInterruptedException {
            started = true;
            beforeRun.run();
            job.execute(execution);
        }

        @Override
        public JobParametersIncrementer getJobParametersIncrementer() {
            return job.getJobParametersIncrementer();
        }

        @Override
        public JobParametersValidator getJobParametersValidator() {
            return job.getJobParametersValidator();
        }
    }
}
