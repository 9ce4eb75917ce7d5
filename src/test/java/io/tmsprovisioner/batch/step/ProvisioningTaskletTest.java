package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.repository.ExecutionScope;
import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The step's start, with rows that need no repository. */
class ProvisioningTaskletTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aStopRequestedBeforeTheStepStartsReadsAndStartsNoRow() throws Exception {
        // given: a stop requested before the step starts, and an input that hands out its row only once the
        // step listens for the stop (as it would when the rows started first)
        CountDownLatch listening = new CountDownLatch(1);
        StopRequest stopRequest = new StopRequest() {
            @Override
            public void whenRequested(Runnable listener) {
                super.whenRequested(listener);
                listening.countDown();
            }
        };
        stopRequest.request();
        AtomicInteger read = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        RowPipeline pipeline = new RowPipeline(new RowPipeline.RowSource() {
            @Override
            public InputRow next() {
                read.incrementAndGet();
                try {
                    listening.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return InputRow.valid(2, "jdoe", "stampede3", Action.ESTABLISH);
            }

            @Override
            public void close() {
            }
        }, (row, previous, lastTry) -> {
            started.incrementAndGet();
            throw new IllegalStateException("line " + row.lineNumber() + " started after the stop");
        }, 2, 2, 16, WAIT, () -> { });
        ProvisioningTasklet tasklet = new ProvisioningTasklet(pipeline, null, null,
                new ProgressCounter(Map.of(), ProgressSink.NONE), stopRequest, () -> { }, 10,
                new ExecutionScope(1, 1, null, null));

        // when
        try (pipeline) {
            tasklet.beforeStep(new StepExecution("provision",
                    new JobExecution(1, new JobInstance(1, JobParameterNames.JOB_NAME), new JobParameters())));
            assertThat(pipeline.take(10, WAIT, Duration.ZERO)).isEmpty();

            // then
            assertThat(pipeline.exhausted()).as("the pipeline ended").isTrue();
            assertThat(pipeline.stopRequested()).isTrue();
            assertThat(read).as("the input is not even read").hasValue(0);
            assertThat(started).hasValue(0);
        }
    }
}
