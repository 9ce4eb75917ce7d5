package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;

import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row whose calls were given up after transient failures is tried once more at the end of the run before it is
 * recorded. One row at a time (as in {@link SendFencingFunctionalTests}, sharing its context), so that the
 * failures fall on the first row's check.
 */
@TestPropertySource(properties = "tms.concurrency=1")
class PutOffRowsFunctionalTests extends JobTestSupport {

    @Test
    void aRowWhoseCheckFailedEveryAttemptIsDoneAtTheEndOfTheRunInsteadOfFailing() throws Exception {
        // given: the gateway answers the first row's check 503 five times (all its attempts), then recovers
        simulator.failCalls(Endpoint.CHECK_CREDENTIAL, 1, 5, Fault.SERVER_ERROR);

        // when
        Launched run = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: the outcomes of a run without the fault
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run))).isEqualTo(new TreeMap<>(Samples.ONBOARDING_OUTCOMES));
        assertThat(simulator.calls(Endpoint.CHECK_CREDENTIAL, 503)).isEqualTo(5);
        assertThat(outcomesOf(run).values()).as("the row tried twice").anySatisfy(row ->
                assertThat(row.attempts()).isGreaterThan(5));
    }
}
