package io.tmsprovisioner.batch;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.test.context.TestPropertySource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker threads interrupted in the middle of a run, on an H2 file repository (the default kind), which
 * closes itself when a thread doing its I/O is interrupted. The run may absorb the interrupts or fail in
 * one line; either way the repository stays open and the same command finishes the work.
 */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:file:./target/interrupted-workers/repository")
class InterruptedWorkersFunctionalTests extends JobTestSupport {

    @Test
    void interruptedWorkersNeverCloseTheRepository() throws Exception {
        // given: at the 20th check, every worker thread is interrupted, some of them in their journal's writes
        atCheck(20, () -> {
            Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("provision-"))
                    .forEach(Thread::interrupt);
        });

        // when
        Launched first = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

        // then: completed, or failed with one line; the repository answers
        assertThat(first.status()).isIn(BatchStatus.COMPLETED, BatchStatus.FAILED);
        assertThat(first.failures()).hasSizeLessThanOrEqualTo(1);
        assertThat(outcomeRows(first.instanceId())).isPositive();

        // when: the same command runs again, as a scheduler would after a failure
        tapis.beforeCheck = () -> { };
        Launched again = first.status() == BatchStatus.FAILED ? launchJob(Samples.ONBOARDING, Action.ESTABLISH) : first;

        // then
        assertEndedAsOneUninterruptedRun(again);
    }
}
