package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --max-attempts 1}: a create's only attempt losing its answer is checked before the row can fail. */
@TestPropertySource(properties = "tms.max-attempts=1")
class SingleAttemptFunctionalTests extends JobTestSupport {

    @Test
    void everyCreateLosingItsOnlyAnswerEndsAsTheKeysItStored() throws Exception {
        // given: every create takes effect and its answer never arrives
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.LOSE_ANSWER);

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: no "Tapis unavailable" for keys that were stored, and none minted twice
        assertEndedAsOneUninterruptedRun(run);
        Map<Long, RowOutcome> rows = outcomesOf(run);
        assertThat(rows.values()).filteredOn(row -> row.outcome() == Outcome.CREATED || row.outcome() == Outcome.RESET)
                .hasSize(12)
                .allSatisfy(row -> assertThat(row.message()).contains("a check found them stored"));
        assertThat(simulator.calls(Endpoint.CREATE_CREDENTIAL)).isEqualTo(Samples.ONBOARDING_KEYS_MINTED);
    }
}
