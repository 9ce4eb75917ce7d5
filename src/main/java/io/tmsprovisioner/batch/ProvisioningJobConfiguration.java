package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.launch.ProvisioningLauncher;
import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.LeaseFence;
import io.tmsprovisioner.batch.owner.RunGuard;
import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.batch.step.DepartedPairs;
import io.tmsprovisioner.batch.step.ExistenceFigures;
import io.tmsprovisioner.batch.step.PacingFigures;
import io.tmsprovisioner.batch.step.PendingRows;
import io.tmsprovisioner.batch.step.ProgressCounter;
import io.tmsprovisioner.batch.step.ProgressSink;
import io.tmsprovisioner.batch.step.ProvisioningTasklet;
import io.tmsprovisioner.batch.step.RowPipeline;
import io.tmsprovisioner.batch.step.RowWorker;
import io.tmsprovisioner.repository.ExecutionScope;
import io.tmsprovisioner.repository.JdbcAttemptJournal;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.calls.PacedCalls;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.CredentialListing;
import io.tmsprovisioner.provisioning.ProvisioningOptions;
import io.tmsprovisioner.provisioning.calls.Retrying;
import io.tmsprovisioner.provisioning.ReverifySchedule;
import io.tmsprovisioner.provisioning.calls.RunEnding;
import io.tmsprovisioner.provisioning.SystemDirectory;
import io.tmsprovisioner.tapis.TapisSystems;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The provisioning job: one step whose rows run on {@code tms.concurrency} threads, each as soon as a thread
 * is free (at most {@code tms.per-system-concurrency} of one system at once, rows of one user and system in
 * file order), while the step commits the outcomes of finished rows, in any order (see {@link RowPipeline}
 * and {@link ProvisioningTasklet}). Not a chunk step: every chunk waits for its slowest row, and with
 * Tapis's long-tailed answer times that idles most threads; and not fault-tolerant: repeating a row's work
 * would repeat Tapis calls, so transient Tapis failures are retried per call inside the row instead.
 */
@Configuration(proxyBeanMethods = false)
@Import({OutcomeRepository.class, DepartedPairs.class, ProvisioningLauncher.class})
public class ProvisioningJobConfiguration {

    @Bean
    Job provisioningJob(JobRepository jobRepository, Step provisionStep, Heartbeat heartbeat) {
        return new JobBuilder(JobParameterNames.JOB_NAME, jobRepository).listener(heartbeat).start(provisionStep).build();
    }

    @Bean
    Step provisionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       ProvisioningTasklet provisioningTasklet) {
        return new StepBuilder("provision", jobRepository)
                // the step registers the tasklet as its listener itself (TaskletStep.setTasklet)
                .tasklet(provisioningTasklet, transactionManager)
                .build();
    }

    /** How the run told which credentials exist (Tapis's listing or a check per pair), for the summary. */
    @Bean
    ExistenceFigures existenceFigures() {
        return new ExistenceFigures();
    }

    /** What the run's pacing came to, for the summary. */
    @Bean
    PacingFigures pacingFigures() {
        return new PacingFigures();
    }

    /** Told by the command line when the administrator asks the run to stop. */
    @Bean
    StopRequest stopRequest() {
        return new StopRequest();
    }

    /**
     * One per step execution: the rows' threads, the attempt journal and the system cache live as long as the
     * run. What it builds is used from the rows' threads, where no step scope is active: plain objects, not
     * step-scoped beans.
     */
    @Bean
    @StepScope
    ProvisioningTasklet provisioningTasklet(TapisSystems tapis, JdbcTemplate jdbc,
                                            PlatformTransactionManager transactionManager,
                                            OutcomeRepository outcomes, DepartedPairs departedPairs,
                                            ProvisioningSettings settings,
                                            StopRequest stopRequest, Heartbeat heartbeat, PacingFigures pacingFigures,
                                            ExistenceFigures existenceFigures,
                                            @Value("${tms.no-listing:false}") boolean noListing,
                                            ObjectProvider<ProgressSink> progress,
                                            @Value("#{jobParameters['" + JobParameterNames.INPUT_FILE + "']}") String file,
                                            @Value("#{jobParameters['" + JobParameterNames.INPUT_SHA256 + "']}") String sha256,
                                            @Value("#{jobParameters['" + JobParameterNames.ACTION + "']}") String action,
                                            @Value("#{jobParameters['" + JobParameterNames.MODE + "']}") String mode,
                                            @Value("#{jobParameters['" + JobParameterNames.TAPIS_URL + "']}") String tapisUrl,
                                            @Value("#{jobParameters['" + JobParameterNames.ROSTER + "']}") String roster,
                                            @Value("#{jobParameters['" + JobParameterNames.SYNC + "']}") String sync,
                                            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
                                            @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        Runnable confirmLease = () -> heartbeat.confirm(jobExecutionId);
        JdbcAttemptJournal attemptJournal = new JdbcAttemptJournal(jdbc, transactionManager, jobInstanceId,
                confirmLease);
        RunEnding ending = new RunEnding();
        LeaseFence lease = heartbeat.fence(jobExecutionId);
        PacedCalls paced = settings.pacing().enabled() ? new PacedCalls(settings.pacing().settings(), ending)
                : PacedCalls.unpaced();
        pacingFigures.follow(paced);
        CredentialListing listing = noListing ? CredentialListing.off() : CredentialListing.tried();
        existenceFigures.follow(listing);
        // the rows send under this run's guard, which stays with them after the run: a row still in flight then
        // sends nothing (the lease is released), whatever a later run on the same client sends under
        TapisSystems runTapis = tapis.guarded(new RunGuard(lease, ending));
        Provisioner provisioner = new Provisioner(runTapis, attemptJournal, outcomes.pairHistory(tapisUrl),
                settings.noSystemCache() ? SystemDirectory.uncached() : SystemDirectory.caching(),
                Retrying.with(settings.retryPolicy(), ending), paced, Clock.systemUTC(),
                new ProvisioningOptions(JobParameterNames.DRY_RUN.equals(mode), !settings.noVerify(),
                        settings.replaceRefused(), ReverifySchedule.every(settings.reverifyAfter())), listing);
        OutcomeRepository.Recorded recorded = outcomes.recorded(jobInstanceId);
        RowPipeline pipeline = new RowPipeline(
                new PendingRows(Path.of(file), sha256, Action.valueOf(action), recorded.lines(),
                        departedPairs.forInstance(jobInstanceId, Boolean.parseBoolean(sync), tapisUrl, roster,
                                settings.protectedUsersPatterns())),
                new RowWorker(provisioner, attemptJournal, new FailureStreak(settings.failureStreak())),
                settings.concurrency(), settings.perSystemConcurrency(),
                settings.window(), settings.stopGrace(), ending::raise);
        lease.whenLost(() -> {
            ending.raise();
            pipeline.abort(new ExecutionTakenOverException(jobExecutionId));
        });
        // `stop EXECUTION_ID` from any host ends the run as SIGTERM does here
        heartbeat.whenStopAsked(jobExecutionId, stopRequest::request);
        return new ProvisioningTasklet(pipeline, outcomes, attemptJournal,
                new ProgressCounter(recorded.counts(), progress.getIfAvailable(() -> ProgressSink.NONE)), stopRequest,
                confirmLease, settings.effectiveChunkSize(),
                new ExecutionScope(jobInstanceId, jobExecutionId, tapisUrl, roster));
    }
}
