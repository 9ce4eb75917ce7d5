package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At most {@code tms.per-system-concurrency} rows of one system at once (8 by default, with 16 threads):
 * every check is an SSH connection to the system's host, whose sshd drops connections past 10 pending.
 */
class PerSystemConcurrencyFunctionalTests extends JobTestSupport {
    private static final int CAP = 8;

    @TempDir
    Path dir;

    private Path file(String name, int users, String... systems) throws Exception {
        List<String> lines = new ArrayList<>(List.of("username,system_id"));
        for (String system : systems) {
            for (int user = 0; user < users; user++) {
                lines.add("user" + user + "," + system);
            }
        }
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void aFileOfOneSystemNeverHasMoreCallsInFlightToItThanTheCap() throws Exception {
        // given: 60 rows of one system, answered after 30 ms each
        simulator.setLatency(Duration.ofMillis(30));

        // when
        Launched run = launchJob(file("one-system.csv", 60, "stampede3"), Action.ESTABLISH);

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(kinds(outcomesOf(run)).values()).containsOnly(Outcome.CREATED);
        assertThat(simulator.mostInFlight().get("stampede3")).isLessThanOrEqualTo(CAP);
    }

    @Test
    void rowsOfAnotherSystemProceedWhileTheFirstIsAtItsCap() throws Exception {
        // given: the first system's checks wait for a go the test gives only once the second system's rows are
        // committed, and count how many of them wait at once
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        tapis.beforeCheckOf = (systemId, username) -> {
            if (systemId.equals("stampede3")) {
                mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                try {
                    assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                waiting.decrementAndGet();
            }
        };
        Thread release = new Thread(() -> {
            try {
                // frontera's rows come after stampede3's in the file, yet 20 of them are recorded first
                assertThat(commits.awaitCommitted(20, Duration.ofSeconds(30))).isTrue();
            } catch (InterruptedException ignored) {
                // the test ends
            } finally {
                go.countDown();
            }
        });
        release.start();

        // when
        Launched run = launchJob(file("two-systems.csv", 30, "stampede3", "frontera"), Action.ESTABLISH);
        release.join();

        // then
        assertThat(run.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(outcomesOf(run)).hasSize(60);
        assertThat(mostWaiting.get()).as("stampede3 rows at once").isEqualTo(CAP);
    }
}
