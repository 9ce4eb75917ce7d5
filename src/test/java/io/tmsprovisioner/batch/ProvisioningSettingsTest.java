package io.tmsprovisioner.batch;

import io.tmsprovisioner.pacing.PacingSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningSettingsTest {
    private static final ProvisioningSettings.Retry RETRY = new ProvisioningSettings.Retry(Duration.ofMillis(500),
            Duration.ofSeconds(30), Duration.ofSeconds(60));
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration WRITES = Duration.ofSeconds(180);
    private static final ProvisioningSettings.Pacing PACING = new ProvisioningSettings.Pacing(true, 8,
            Duration.ofSeconds(4), Duration.ofMillis(250), 32, 8, Duration.ofSeconds(60), 2, 4);

    @Test
    void chunksHoldManyRowsPerThreadUnlessSet() {
        assertThat(new ProvisioningSettings(32, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING).effectiveChunkSize()).isEqualTo(2048);
        assertThat(new ProvisioningSettings(16, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING).effectiveChunkSize()).isEqualTo(1024);
        assertThat(new ProvisioningSettings(1, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING).effectiveChunkSize()).isEqualTo(64);
        assertThat(new ProvisioningSettings(32, 8, 7, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING).effectiveChunkSize()).as("as set").isEqualTo(7);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ProvisioningSettings(0, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING))
                .hasMessage("concurrency must be at least 1, not 0");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, -1, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING))
                .hasMessage("chunk size must be positive (or 0 for the default), not -1");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ZERO, GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING))
                .hasMessage("the heartbeat interval must be positive, not PT0S");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 0, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false, Duration.ZERO, List.of(), PACING))
                .hasMessage("per-system concurrency must be at least 1, not 0");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30),
                Duration.ofSeconds(-1), 20, WRITES, false, false, Duration.ZERO, List.of(), PACING)).hasMessage("the stop grace period must not be negative, not PT-1S");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, -1, WRITES, false, false, Duration.ZERO, List.of(), PACING))
                .hasMessage("the failure streak must be 0 (never stop) or more rows, not -1");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20,
                Duration.ZERO, false, false, Duration.ZERO, List.of(), PACING)).hasMessage("the write timeout must be positive, not PT0S");
    }

    @Test
    void thePacingStartsFromSystemsOwnNumbersWhenNothingIsConfigured() {
        ProvisioningSettings.Pacing unset = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tms.pacing", ProvisioningSettings.Pacing.class);

        assertThat(unset.enabled()).isTrue();
        assertThat(unset.settings()).isEqualTo(PacingSettings.tapis());
    }
}
