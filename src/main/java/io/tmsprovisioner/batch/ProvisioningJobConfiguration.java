package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.tapis.TapisSystems;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The provisioning job: one chunk step that reads judged rows, provisions each on Tapis, and writes
 * the outcomes in the chunk's transaction. Not fault-tolerant on purpose: a fault-tolerant step
 * re-runs the processor item by item after a failed write, and that would repeat Tapis calls.
 */
@Configuration(proxyBeanMethods = false)
@Import({OutcomeRepository.class, ProvisioningLauncher.class})
public class ProvisioningJobConfiguration {
    public static final String JOB_NAME = "provisioning";

    @Bean
    Job provisioningJob(JobRepository jobRepository, Step provisionStep, JdbcTemplate jdbc) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .start(provisionStep)
                .listener(new JobExecutionListener() {
                    @Override
                    public void afterJob(JobExecution execution) {
                        if (execution.getStatus() == BatchStatus.COMPLETED) {
                            JdbcAttemptJournal.clear(jdbc, execution.getJobInstanceId());
                        }
                    }
                })
                .build();
    }

    @Bean
    Step provisionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                       InputRowReader inputRowReader, ProvisioningProcessor provisioningProcessor,
                       OutcomeWriter outcomeWriter, @Value("${tms.chunk-size:50}") int chunkSize) {
        return new StepBuilder("provision", jobRepository)
                .<InputRow, RowOutcome>chunk(chunkSize)
                .transactionManager(transactionManager)
                .reader(inputRowReader)
                .processor(provisioningProcessor)
                .writer(outcomeWriter)
                .build();
    }

    @Bean
    @StepScope
    InputRowReader inputRowReader(@Value("#{jobParameters['" + JobParameterNames.INPUT_FILE + "']}") String file,
                                  @Value("#{jobParameters['" + JobParameterNames.ACTION + "']}") String action) {
        return new InputRowReader(Path.of(file), Action.valueOf(action));
    }

    @Bean
    @StepScope
    ProvisioningProcessor provisioningProcessor(
            TapisSystems tapis, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId) {
        return new ProvisioningProcessor(new Provisioner(tapis,
                new JdbcAttemptJournal(jdbc, transactionManager, jobInstanceId), Clock.systemUTC()));
    }

    @Bean
    @StepScope
    OutcomeWriter outcomeWriter(OutcomeRepository outcomes,
                                @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId,
                                @Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
        return new OutcomeWriter(outcomes, jobInstanceId, jobExecutionId);
    }
}
