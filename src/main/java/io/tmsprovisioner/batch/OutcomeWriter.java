package io.tmsprovisioner.batch;

import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.util.List;

/**
 * Writes a chunk's outcomes in the chunk's transaction, with the reader's progress, and drops the
 * chunk's attempt notes in the same transaction: from then on the outcomes are the record, and the
 * chunk's pairs are forgotten by {@link PairOrder}.
 */
class OutcomeWriter implements ItemWriter<RowOutcome> {
    private final OutcomeRepository outcomes;
    private final JdbcAttemptJournal journal;
    private final PairOrder pairOrder;
    private final long jobInstanceId;
    private final long jobExecutionId;

    OutcomeWriter(OutcomeRepository outcomes, JdbcAttemptJournal journal, PairOrder pairOrder, long jobInstanceId,
                  long jobExecutionId) {
        this.outcomes = outcomes;
        this.journal = journal;
        this.pairOrder = pairOrder;
        this.jobInstanceId = jobInstanceId;
        this.jobExecutionId = jobExecutionId;
    }

    @Override
    public void write(Chunk<? extends RowOutcome> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        List<? extends RowOutcome> rows = chunk.getItems();
        outcomes.insert(jobInstanceId, jobExecutionId, rows);
        journal.committing(rows.get(0).lineNumber(), rows.get(rows.size() - 1).lineNumber());
        pairOrder.chunkWritten();
    }
}
