package io.tmsprovisioner.batch.owner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatTest {
    private final SimpleDriverDataSource database = new SimpleDriverDataSource(new org.h2.Driver(),
            "jdbc:h2:mem:heartbeat-test;DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(database);
    private final Heartbeat heartbeat = new Heartbeat(jdbc, Duration.ofSeconds(30));

    HeartbeatTest() {
        new ResourceDatabasePopulator(new ClassPathResource("tms-schema.sql")).execute(database);
    }

    @AfterEach
    void cleanUp() {
        heartbeat.close();
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT");
    }

    private void beatAt(long executionId, OffsetDateTime when) {
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT) VALUES (?, ?)", executionId, when);
    }

    private Duration silenceOf(long executionId) {
        return heartbeat.livenessOf(executionId).silence().orElseThrow();
    }

    @Test
    void confirmingTheLeaseRenewsItWithTheDatabasesTime() {
        beatAt(7, OffsetDateTime.now().minusMinutes(10));
        assertThat(silenceOf(7)).isGreaterThanOrEqualTo(Duration.ofMinutes(10));

        heartbeat.confirm(7);

        assertThat(silenceOf(7)).isLessThan(Duration.ofMinutes(1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class)).isEqualTo(1);
    }

    @Test
    void aLeaseTakenOverIsNeverTakenBackByItsOldOwner() {
        beatAt(8, OffsetDateTime.now().minusMinutes(3));
        Heartbeat.Liveness seen = heartbeat.livenessOf(8);

        assertThat(heartbeat.takeOver(8, seen)).isTrue();

        assertThatThrownBy(() -> heartbeat.confirm(8)).isInstanceOf(ExecutionTakenOverException.class)
                .hasMessageContaining("Another run took execution 8 over");
        assertThat(heartbeat.livenessOf(8).silence()).as("not inserted again").isEmpty();
    }

    @Test
    void aTakeOverLosesToASignOfLifeGivenSinceTheOwnerWasSeenSilent() {
        beatAt(9, OffsetDateTime.now().minusMinutes(3));
        Heartbeat.Liveness seen = heartbeat.livenessOf(9);
        heartbeat.confirm(9); // the paused owner woke up in between

        assertThat(heartbeat.takeOver(9, seen)).isFalse();
        heartbeat.confirm(9);
        assertThat(heartbeat.takeOver(10, heartbeat.livenessOf(10))).as("no heartbeat: nothing to take over").isFalse();
    }

    @Test
    void anOwnerIsTakenForDeadAfterFourMissedBeats() {
        assertThat(heartbeat.staleAfter()).isEqualTo(Duration.ofMinutes(2));
        beatAt(1, OffsetDateTime.now().minusSeconds(90));
        beatAt(2, OffsetDateTime.now().minusMinutes(3));
        assertThat(heartbeat.livenessOf(1).takenForDead()).isFalse();
        assertThat(heartbeat.livenessOf(2).takenForDead()).isTrue();
        assertThat(heartbeat.livenessOf(3)).isEqualTo(new Heartbeat.Liveness(Optional.empty(), false, Optional.empty(),
                Duration.ofMinutes(2)));
        assertThatThrownBy(() -> new Heartbeat(jdbc, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the heartbeat interval must be positive, not PT0S");
    }

    @Test
    void anOwnerIsJudgedByTheSilenceLimitItStoredNotByTheReaders() {
        // given: an owner beating every 60 s (stale after 4 min), silent for 3 min; the reader beats every 30 s
        try (Heartbeat slowOwner = new Heartbeat(jdbc, Duration.ofSeconds(60))) {
            slowOwner.beforeJob(new JobExecution(11, new JobInstance(1, "provisioning"), new JobParameters()));
        }
        jdbc.update("UPDATE PROVISIONING_HEARTBEAT SET BEAT_AT = ? WHERE JOB_EXECUTION_ID = 11",
                OffsetDateTime.now().minusMinutes(3));

        // then: alive by its own limit, though past the reader's 2 min
        Heartbeat.Liveness seen = heartbeat.livenessOf(11);
        assertThat(seen.takenForDead()).isFalse();
        assertThat(seen.staleAfter()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void aLeaseWrittenByAnEarlierVersionIsJudgedByTheReadersLimit() {
        beatAt(12, OffsetDateTime.now().minusMinutes(3));

        assertThat(jdbc.queryForObject("SELECT STALE_AFTER_MS FROM PROVISIONING_HEARTBEAT", Long.class)).isNull();
        assertThat(heartbeat.livenessOf(12).takenForDead()).isTrue();
        assertThat(heartbeat.livenessOf(12).staleAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aJobWhoseLeaseAnotherRunTookEndsWithThatAsItsFailureWhateverElseBrokeAfterIt() {
        // given: a running job whose lease another run took while it was stopped; woken, its commit broke
        JobExecution taken = new JobExecution(13, new JobInstance(1, "provisioning"), new JobParameters());
        heartbeat.beforeJob(taken);
        jdbc.update("DELETE FROM PROVISIONING_HEARTBEAT WHERE JOB_EXECUTION_ID = 13");
        taken.addFailureException(new IllegalStateException("Connection is closed"));

        // when
        heartbeat.afterJob(taken);

        // then
        assertThat(taken.getAllFailureExceptions()).anySatisfy(failure ->
                assertThat(failure).isInstanceOf(ExecutionTakenOverException.class)
                        .hasMessageContaining("Another run took execution 13 over"));
    }

    @Test
    void aJobThatKeptItsLeaseEndsWithoutATakeOverFailure() {
        JobExecution kept = new JobExecution(14, new JobInstance(1, "provisioning"), new JobParameters());
        heartbeat.beforeJob(kept);

        heartbeat.afterJob(kept);

        assertThat(kept.getAllFailureExceptions()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class)).isZero();
    }

    @Test
    void aStopAskedThroughTheRepositoryReachesTheRunningJobOnceItListensAndGoesWithItsLease() throws Exception {
        // given: a running job whose stop was asked before it listened for one
        Heartbeat polling = new Heartbeat(jdbc, Duration.ofSeconds(30), Duration.ofMillis(20));
        JobExecution running = new JobExecution(15, new JobInstance(1, "provisioning"), new JobParameters());
        polling.beforeJob(running);
        RemoteStop remote = new RemoteStop(jdbc);
        assertThat(remote.ask(15, "ops@host-b")).isTrue();
        assertThat(remote.ask(15, "someone@host-c")).as("asked once: the first asker stands").isFalse();
        assertThat(remote.askedOf(15)).hasValueSatisfying(asked -> assertThat(asked.by()).isEqualTo("ops@host-b"));

        // when: it listens
        CountDownLatch told = new CountDownLatch(1);
        polling.whenStopAsked(15, told::countDown);

        // then: told within a few polls; the ask goes with the lease when the job ends
        try {
            assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
            polling.afterJob(running);
            assertThat(remote.askedOf(15)).isEmpty();
            assertThat(remote.ask(15, "ops@host-b")).as("an ended execution has no lease to ask").isFalse();
        } finally {
            polling.close();
        }
    }
}
