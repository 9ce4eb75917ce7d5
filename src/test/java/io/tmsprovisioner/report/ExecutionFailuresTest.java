package io.tmsprovisioner.report;

import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.dao.OptimisticLockingFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a run failed, as its summary says it. */
class ExecutionFailuresTest {

    private static JobExecution failedWith(Throwable... failures) {
        JobExecution execution = new JobExecution(5, new JobInstance(1, "provisioning"), new JobParameters());
        execution.setStatus(BatchStatus.FAILED);
        for (Throwable failure : failures) {
            execution.addFailureException(failure);
        }
        return execution;
    }

    @Test
    void aRunTakenOverSaysSoAloneNotWhatBrokeAfterIt() {
        JobExecution execution = failedWith(new IllegalStateException("Connection is closed"),
                new OptimisticLockingFailureException("Attempt to update step execution id=1 with wrong version (4)"),
                new ExecutionTakenOverException(5));

        assertThat(ExecutionHistory.failures(execution)).singleElement().asString()
                .startsWith("Another run took execution 5 over");
    }

    @Test
    void anyOtherRunGivesEachOfItsFailures() {
        JobExecution execution = failedWith(new IllegalStateException("Connection is closed"),
                new OptimisticLockingFailureException("Attempt to update step execution id=1 with wrong version (4)"));

        assertThat(ExecutionHistory.failures(execution)).containsExactlyInAnyOrder("Connection is closed",
                "Attempt to update step execution id=1 with wrong version (4)");
    }
}
