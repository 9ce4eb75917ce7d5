package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every send of a change is fenced by the lease, the repeats of a create included: an owner that lost its
 * execution to another run while it was retrying sends nothing more. One row at a time, so that the row whose
 * create is repeated is the only one sending.
 */
@TestPropertySource(properties = "tms.concurrency=1")
class SendFencingFunctionalTests extends JobTestSupport {
    @Autowired
    Heartbeat heartbeat;

    @Test
    void aCreateToBeRepeatedAfterTheLeaseWasLostIsNeverSent() throws Exception {
        // given: the first create is answered 502 by the gateway (nothing stored), so its row checks, then would send
        // it again; during that check another run takes the execution over, and this run's heartbeat finds it out
        simulator.failCalls(Endpoint.CREATE_CREDENTIAL, 1, 1, Fault.BAD_GATEWAY);
        AtomicBoolean takenOver = new AtomicBoolean();
        tapis.beforeCheck = () -> {
            if (simulator.calls(Endpoint.CREATE_CREDENTIAL) == 1 && takenOver.compareAndSet(false, true)) {
                long execution = jdbc.queryForObject("SELECT MAX(JOB_EXECUTION_ID) FROM PROVISIONING_HEARTBEAT",
                        Long.class);
                jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT");
                assertThatThrownBy(() -> heartbeat.fence(execution).renewNow())
                        .isInstanceOf(ExecutionTakenOverException.class);
            }
        };

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then
        assertThat(takenOver).isTrue();
        assertThat(run.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(run.failures()).anySatisfy(failure -> assertThat(failure).contains("Another run took execution"));
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).as("the repeat was kept off the wire").isEqualTo(1);
        assertThat(simulator.totalKeysMinted()).isZero();
    }
}
