package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

import java.util.EnumMap;
import java.util.Map;

/** Counts committed outcomes chunk by chunk and tells the {@link ProgressSink}. */
class ProgressListener implements StepExecutionListener, ItemWriteListener<RowOutcome> {
    private final OutcomeRepository outcomes;
    private final ProgressSink sink;
    private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    private long total;
    private long doneBefore;
    private long doneNow;
    private long startedNanos;

    ProgressListener(OutcomeRepository outcomes, ProgressSink sink) {
        this.outcomes = outcomes;
        this.sink = sink;
    }

    @Override
    public void beforeStep(StepExecution step) {
        Long rows = step.getJobExecution().getJobParameters().getLong(JobParameterNames.INPUT_ROWS);
        total = rows == null ? 0 : rows;
        counts.clear();
        counts.putAll(outcomes.countsForInstance(step.getJobExecution().getJobInstanceId()));
        doneBefore = counts.values().stream().mapToLong(Long::longValue).sum();
        doneNow = 0;
        startedNanos = System.nanoTime();
    }

    @Override
    public void afterWrite(Chunk<? extends RowOutcome> written) {
        for (RowOutcome row : written) {
            counts.merge(row.outcome(), 1L, Long::sum);
        }
        doneNow += written.size();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        sink.update(new Progress(doneBefore + doneNow, total, seconds > 0 ? doneNow / seconds : 0,
                new EnumMap<>(counts)));
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        sink.finish();
        return null;
    }
}
