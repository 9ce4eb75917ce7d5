package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Writes a chunk's outcomes in the chunk's transaction, with the reader's progress. */
class OutcomeWriter implements ItemWriter<RowOutcome> {
    private final OutcomeRepository outcomes;
    private final long jobInstanceId;
    private final long jobExecutionId;

    OutcomeWriter(OutcomeRepository outcomes, long jobInstanceId, long jobExecutionId) {
        this.outcomes = outcomes;
        this.jobInstanceId = jobInstanceId;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public void write(Chunk<? extends RowOutcome> chunk) {
        outcomes.insert(jobInstanceId, jobExecutionId, chunk.getItems());
    }
}
