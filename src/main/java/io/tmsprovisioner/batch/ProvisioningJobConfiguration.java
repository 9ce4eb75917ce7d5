package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.Retrying;
import io.tmsprovisioner.provisioning.SystemDirectory;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.tapis.TapisSystems;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
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
 * The provisioning job: one chunk step that reads judged rows, provisions each on Tapis (the rows of a
 * chunk on {@code tms.concurrency} threads, with Spring Batch 6's concurrent chunk processing), and
 * writes the outcomes in the chunk's transaction. Not fault-tolerant on purpose: a fault-tolerant step
 * re-runs the processor item by item after a failed write, and that would repeat Tapis calls; transient
 * Tapis failures are retried per call inside the processor instead.
 */
@Configuration(proxyBeanMethods = false)
@Import({OutcomeRepository.class, ProvisioningLauncher.class})
public class ProvisioningJobConfiguration {
    public static final String JOB_NAME = "provisioning";

    @Bean
    Job provisioningJob(JobRepository jobRepository, Step provisionStep, Heartbeat heartbeat) {
        return new JobBuilder(JOB_NAME, jobRepository).listener(heartbeat).start(provisionStep).build();
    }

    @Bean
    Step provisionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       InputRowReader inputRowReader, ProvisioningProcessor provisioningProcessor,
                       OutcomeWriter outcomeWriter, ProvisioningSettings settings,
                       OutcomeRepository outcomes,
                       ObjectProvider<ProgressSink> progress) {
        ChunkOrientedStepBuilder<InputRow, RowOutcome> step = new StepBuilder("provision", jobRepository)
                .<InputRow, RowOutcome>chunk(settings.effectiveChunkSize())
                .transactionManager(transactionManager)
                .reader(inputRowReader)
                .processor(provisioningProcessor)
                .writer(outcomeWriter)
                .listener(new ProgressListener(outcomes, progress.getIfAvailable(() -> ProgressSink.NONE)))
                .listener(new FailureStreakListener(settings.failureStreak()));
        if (settings.concurrency() > 1) {
            StepThreadPool threads = new StepThreadPool(settings.concurrency());
            step.taskExecutor(threads).listener(threads);
        }
        return step.build();
    }

    @Bean
    @StepScope
    PairOrder pairOrder() {
        return new PairOrder();
    }

    @Bean
    @StepScope
    InputRowReader inputRowReader(@Value("#{jobParameters['" + JobParameterNames.INPUT_FILE + "']}") String file,
                                  @Value("#{jobParameters['" + JobParameterNames.ACTION + "']}") String action,
                                  PairOrder pairOrder) {
        return new InputRowReader(Path.of(file), Action.valueOf(action), pairOrder);
    }

    @Bean
    @StepScope
    JdbcAttemptJournal attemptJournal(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                      @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId) {
        return new JdbcAttemptJournal(jdbc, transactionManager, jobInstanceId);
    }

    /** One per step execution: the system cache lives as long as the run. */
    @Bean
    @StepScope
    ProvisioningProcessor provisioningProcessor(TapisSystems tapis, JdbcAttemptJournal attemptJournal,
                                                ProvisioningSettings settings, PairOrder pairOrder,
                                                @Value("#{jobParameters['" + JobParameterNames.MODE + "']}") String mode) {
        Provisioner provisioner = new Provisioner(tapis, attemptJournal,
                settings.systemCache() ? SystemDirectory.caching() : SystemDirectory.uncached(),
                Retrying.with(settings.retry().policy()),
                Clock.systemUTC(), JobParameterNames.DRY_RUN.equals(mode));
        return new ProvisioningProcessor(provisioner, pairOrder, attemptJournal);
    }

    @Bean
    @StepScope
    OutcomeWriter outcomeWriter(OutcomeRepository outcomes, JdbcAttemptJournal attemptJournal, PairOrder pairOrder,
                                @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
                                @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        return new OutcomeWriter(outcomes, attemptJournal, pairOrder, jobInstanceId, jobExecutionId);
    }
}
