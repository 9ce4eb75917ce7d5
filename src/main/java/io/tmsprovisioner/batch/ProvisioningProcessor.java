package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Adapts the provisioning rules to the step (the rules know nothing of Spring Batch), keeping the rows
 * of a pair in file order when a chunk is processed on many threads.
 *
 * <p>A row whose pair had an earlier row in the same, not yet committed chunk first journals that row's
 * outcome: if this row changes the credential and the run is then killed, the resumed run must not redo
 * the earlier row against the changed state (a replayed establish would create again what a later
 * remove took away). Rows without such a neighbour journal nothing, so a typical file costs no extra writes.
 */
class ProvisioningProcessor implements ItemProcessor<InputRow, RowOutcome> {
    private final Provisioner provisioner;
    private final PairOrder pairOrder;
    private final AttemptJournal journal;

    ProvisioningProcessor(Provisioner provisioner, PairOrder pairOrder, AttemptJournal journal) {
        this.provisioner = provisioner;
        this.pairOrder = pairOrder;
        this.journal = journal;
    }

    @Override
    public RowOutcome process(InputRow row) {
        try (PairOrder.Turn turn = pairOrder.awaitTurn(row)) {
            if (turn.previous() != null) {
                journal.finished(turn.previous());
            }
            RowOutcome outcome = provisioner.provision(row);
            turn.done(outcome);
            return outcome;
        }
    }
}
