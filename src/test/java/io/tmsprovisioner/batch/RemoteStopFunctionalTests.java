package io.tmsprovisioner.batch;

import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.RemoteStop;
import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.Samples;
import io.tmsprovisioner.input.Action;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A stop asked through the repository ({@code stop EXECUTION_ID} on any host) ends the run as SIGTERM does. */
class RemoteStopFunctionalTests extends JobTestSupport {
    @Autowired
    StopRequest stopRequest;

    @Test
    void aStopAskedThroughTheRepositoryEndsTheRunStoppedWithinAPollAndTheSameCommandFinishesIt() throws Exception {
        // given: at the 5th check, another host asks the running execution to stop; no check goes on until this
        // process has heard of it (or two polls have passed, which fails the test), so no row finishes before
        CountDownLatch heard = new CountDownLatch(1);
        Runnable hear = heard::countDown;
        stopRequest.whenRequested(hear);
        AtomicBoolean asked = new AtomicBoolean();
        AtomicBoolean heardWithinTwoPolls = new AtomicBoolean(true);
        AtomicInteger checks = new AtomicInteger();
        tapis.beforeCheck = () -> {
            if (checks.incrementAndGet() == 5) {
                long running = jdbc.queryForObject("SELECT JOB_EXECUTION_ID FROM PROVISIONING_HEARTBEAT", Long.class);
                asked.set(new RemoteStop(jdbc).ask(running, "ops@elsewhere"));
            }
            if (checks.get() >= 5 && !awaitQuietly(heard)) {
                heardWithinTwoPolls.set(false);
            }
        };

        try {
            // when
            Launched stopped = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

            // then: STOPPED, not FAILED; what finished is recorded, the rest left; the ask went with the lease
            assertThat(asked).as("the ask was written").isTrue();
            assertThat(heardWithinTwoPolls).as("the owner heard of it within two polls").isTrue();
            assertThat(stopped.status()).isEqualTo(BatchStatus.STOPPED);
            assertThat(stopped.failures()).isEmpty();
            assertThat(outcomeRows(stopped.instanceId())).isPositive()
                    .isLessThan(Samples.ONBOARDING_OUTCOMES.size());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class)).isZero();

            // when: the same command runs again
            tapis.beforeCheck = () -> { };
            Launched resumed = launchJob(Samples.ONBOARDING, Action.ESTABLISH);

            // then: the stop was spent with the execution it was asked of; the run finishes as if never stopped
            assertThat(resumed.instanceId()).isEqualTo(stopped.instanceId());
            assertEndedAsOneUninterruptedRun(resumed);
        } finally {
            stopRequest.spent(hear);
        }
    }

    private static boolean awaitQuietly(CountDownLatch heard) {
        try {
            return heard.await(Heartbeat.STOP_POLL.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
