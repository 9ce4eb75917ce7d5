package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Adapts the provisioning rules to the step (the rules know nothing of Spring Batch), keeping the rows
 * of a pair in file order when a chunk is processed on many threads.
 */
class ProvisioningProcessor implements ItemProcessor<InputRow, RowOutcome> {
    private final Provisioner provisioner;
    private final PairOrder pairOrder;

    ProvisioningProcessor(Provisioner provisioner, PairOrder pairOrder) {
        this.provisioner = provisioner;
        this.pairOrder = pairOrder;
    }

    @Override
    public RowOutcome process(InputRow row) {
        try (PairOrder.Turn turn = pairOrder.awaitTurn(row)) {
            return provisioner.provision(row);
        }
    }
}
