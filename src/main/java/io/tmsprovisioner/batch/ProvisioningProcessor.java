package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Adapts the provisioning rules to the step; the rules themselves know nothing of Spring Batch. */
class ProvisioningProcessor implements ItemProcessor<InputRow, RowOutcome> {
    private final Provisioner provisioner;

    ProvisioningProcessor(Provisioner provisioner) {
        this.provisioner = provisioner;
    }

    @Override
    public RowOutcome process(InputRow row) {
        return provisioner.provision(row);
    }
}
