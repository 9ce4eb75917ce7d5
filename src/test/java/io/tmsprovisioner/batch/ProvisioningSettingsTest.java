package io.tmsprovisioner.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningSettingsTest {
    private static final ProvisioningSettings.Retry RETRY = new ProvisioningSettings.Retry(Duration.ofMillis(500),
            Duration.ofSeconds(30));
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration WRITES = Duration.ofSeconds(180);

    @Test
    void chunksHoldManyRowsPerThreadUnlessSet() {
        assertThat(new ProvisioningSettings(32, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false).effectiveChunkSize()).isEqualTo(2048);
        assertThat(new ProvisioningSettings(16, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false).effectiveChunkSize()).isEqualTo(1024);
        assertThat(new ProvisioningSettings(1, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false).effectiveChunkSize()).isEqualTo(64);
        assertThat(new ProvisioningSettings(32, 8, 7, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false).effectiveChunkSize()).as("as set").isEqualTo(7);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ProvisioningSettings(0, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false))
                .hasMessage("concurrency must be at least 1, not 0");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, -1, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false))
                .hasMessage("chunk size must be positive (or 0 for the default), not -1");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ZERO, GRACE, 20, WRITES, false, false))
                .hasMessage("the heartbeat interval must be positive, not PT0S");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 0, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20, WRITES, false, false))
                .hasMessage("per-system concurrency must be at least 1, not 0");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30),
                Duration.ofSeconds(-1), 20, WRITES, false, false)).hasMessage("the stop grace period must not be negative, not PT-1S");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, -1, WRITES, false, false))
                .hasMessage("the failure streak must be 0 (never stop) or more rows, not -1");
        assertThatThrownBy(() -> new ProvisioningSettings(4, 8, 0, 5, RETRY, false, Duration.ofSeconds(30), GRACE, 20,
                Duration.ZERO, false, false)).hasMessage("the write timeout must be positive, not PT0S");
    }
}
