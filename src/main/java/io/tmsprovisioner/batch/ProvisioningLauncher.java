package io.tmsprovisioner.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Starts the provisioning job so that running the same command again does the right thing: it resumes
 * the instance whose last execution failed, was stopped, or was left STARTED by a dead process, and
 * starts a fresh instance after one that completed (a scheduled re-run verifies again).
 */
public class ProvisioningLauncher {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningLauncher.class);

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final Job provisioningJob;

    public ProvisioningLauncher(JobOperator jobOperator, JobRepository jobRepository, Job provisioningJob) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.provisioningJob = provisioningJob;
    }

    /** Runs the job to its end in this thread and returns the execution. */
    public JobExecution launch(RunRequest request) throws Exception {
        long sequence = 1;
        JobInstance latest = null;
        for (JobInstance found; (found = jobRepository.getJobInstance(provisioningJob.getName(),
                parameters(request, sequence))) != null; sequence++) {
            latest = found;
        }
        if (latest == null) {
            return jobOperator.start(provisioningJob, parameters(request, sequence));
        }
        JobExecution last = jobRepository.getLastJobExecution(latest);
        BatchStatus status = last == null ? BatchStatus.COMPLETED : last.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            return jobOperator.start(provisioningJob, parameters(request, sequence));
        }
        if (status.isRunning()) {
            recoverFromDeadOwner(last);
        }
        log.info("Resuming job instance {} (its execution {} ended {})", latest.getInstanceId(), last.getId(), status);
        return jobOperator.start(provisioningJob, parameters(request, sequence - 1));
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
        if (!owner.isLocal()) {
            throw new RunRefusedException("Execution " + last.getId() + " of this job is marked "
                    + last.getStatus() + " by " + owner.describe() + ", which this host cannot check; "
                    + "nothing was started. Run the command on " + owner.host() + " to resume it.");
        }
        log.warn("Execution {} was left {} by {}, which is no longer running; marking it FAILED and resuming",
                last.getId(), last.getStatus(), owner.describe());
        jobOperator.recover(last);
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
}
