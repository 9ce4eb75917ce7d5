package io.tmsprovisioner.batch;

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
class ProgressListener {
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

    void started(StepExecution step) {
        Long rows = step.getJobExecution().getJobParameters().getLong(JobParameterNames.INPUT_ROWS);
        total = rows == null ? 0 : rows;
        counts.clear();
        counts.putAll(outcomes.countsForInstance(step.getJobExecution().getJobInstanceId()));
        doneBefore = counts.values().stream().mapToLong(Long::longValue).sum();
        doneNow = 0;
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
