package io.tmsprovisioner.batch.launch;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The provisioning job as a launch runs it: it first lets go of the launch's lock, as Spring Batch calls it only
 * once the execution exists (the next launch of the same request then finds it running).
 */
final class LockReleasingJob implements Job {
    private final Job job;
    private final LaunchLock lock;

    LockReleasingJob(Job job, LaunchLock lock) {
        this.job = job;
        this.lock = lock;
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
        lock.close();
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
