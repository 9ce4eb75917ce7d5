package io.tmsprovisioner.batch.launch;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersIncrementer;
import org.springframework.batch.core.job.parameters.JobParametersValidator;

/**
 * The provisioning job as launched here: tells whether Spring Batch got as far as running it (so an
 * exception before that means nothing was started), and runs {@code beforeRun} first.
 */
final class StartsOnce implements Job {
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
