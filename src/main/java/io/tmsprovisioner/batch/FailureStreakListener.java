package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.provisioning.SystematicFailureException;
import org.springframework.batch.core.listener.ItemProcessListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Feeds each processed row to a {@link FailureStreak}, new for every step execution; when it trips, the
 * {@link SystematicFailureException} fails the row's chunk and the job, as an outage does.
 */
class FailureStreakListener implements StepExecutionListener, ItemProcessListener<InputRow, RowOutcome> {
    private final int length;
    private volatile FailureStreak streak;

    FailureStreakListener(int length) {
        this.length = length;
        this.streak = new FailureStreak(length);
    }

    @Override
    public void beforeStep(StepExecution step) {
        streak = new FailureStreak(length);
    }

    @Override
    public void afterProcess(InputRow row, RowOutcome outcome) {
        streak.record(outcome);
    }
}
