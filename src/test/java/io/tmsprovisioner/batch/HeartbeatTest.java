package io.tmsprovisioner.batch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

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

    @Test
    void aBeatReplacesAnOlderOneWithTheDatabasesTime() {
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT) VALUES (?, ?)", 7L,
                OffsetDateTime.now().minusMinutes(10));
        assertThat(heartbeat.silenceOf(7)).hasValueSatisfying(
                silence -> assertThat(silence).isGreaterThanOrEqualTo(Duration.ofMinutes(10)));

        heartbeat.beat(7);

        assertThat(heartbeat.silenceOf(7)).hasValueSatisfying(
                silence -> assertThat(silence).isLessThan(Duration.ofMinutes(1)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_HEARTBEAT", Integer.class)).isEqualTo(1);
    }

    @Test
    void anExecutionThatNeverBeatOrWasForgottenHasNoSilenceToMeasure() {
        assertThat(heartbeat.silenceOf(8)).isEmpty();
        heartbeat.beat(8);
        heartbeat.forget(8);
        assertThat(heartbeat.silenceOf(8)).isEmpty();
    }

    @Test
    void anOwnerIsTakenForDeadAfterFourMissedBeats() {
        assertThat(heartbeat.staleAfter()).isEqualTo(Duration.ofMinutes(2));
        jdbc.update("INSERT INTO PROVISIONING_HEARTBEAT (JOB_EXECUTION_ID, BEAT_AT) VALUES (?, ?), (?, ?)",
                1L, OffsetDateTime.now().minusSeconds(90), 2L, OffsetDateTime.now().minusMinutes(3));
        assertThat(heartbeat.livenessOf(1).takenForDead()).isFalse();
        assertThat(heartbeat.livenessOf(2).takenForDead()).isTrue();
        assertThat(heartbeat.livenessOf(3)).isEqualTo(new Heartbeat.Liveness(Optional.empty(), false));
        assertThatThrownBy(() -> new Heartbeat(jdbc, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the heartbeat interval must be positive, not PT0S");
    }
}
