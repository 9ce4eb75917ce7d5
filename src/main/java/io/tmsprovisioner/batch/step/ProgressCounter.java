package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.repository.JobParameterNames;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.core.step.StepExecution;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts committed outcomes commit by commit and tells the {@link ProgressSink}. The step's tasklet tells
 * it when the step starts, commits and ends.
 */
public class ProgressCounter {
    private final ProgressSink sink;
    private final Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
    private final long doneBefore;
    private long total;
    private long doneNow;
    private long startedNanos;

    /** @param recorded the outcome counts the job instance had recorded when its step started */
    public ProgressCounter(Map<Outcome, Long> recorded, ProgressSink sink) {
        this.sink = sink;
        counts.putAll(recorded);
        doneBefore = counts.values().stream().mapToLong(Long::longValue).sum();
    }

    void started(StepExecution step) {
        Long rows = step.getJobExecution().getJobParameters().getLong(JobParameterNames.INPUT_ROWS);
        total = rows == null ? 0 : rows;
        startedNanos = System.nanoTime();
    }

    /** Called on the step's thread after each commit, with the outcomes it committed. */
    void committed(List<RowOutcome> written) {
        for (RowOutcome row : written) {
            counts.merge(row.outcome(), 1L, Long::sum);
        }
        doneNow += written.size();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        sink.update(new Progress(doneBefore + doneNow, total, seconds > 0 ? doneNow / seconds : 0,
                new EnumMap<>(counts)));
    }

    void finished() {
        sink.finish();
    }
}
