package io.tmsprovisioner.cli;

import io.tmsprovisioner.tapis.TapisCredentials;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TapisSettingsTest {
    private static final Map<String, String> TOKEN = Map.of("TAPIS_TOKEN", "a.jwt.token");

    @Test
    void httpsIsAcceptedAndATrailingSlashDropped() {
        TapisSettings settings = TapisSettings.resolve("https://designsafe.tapis.io/", null, TOKEN, false);

        assertThat(settings.baseUrl()).isEqualTo("https://designsafe.tapis.io");
        assertThat(settings.credentials()).isInstanceOf(TapisCredentials.Token.class);
    }

    @Test
    void plainHttpIsOnlyForThisMachineUnlessAllowed() {
        assertThat(TapisSettings.resolve("http://127.0.0.1:8081", null, TOKEN, false).baseUrl())
                .isEqualTo("http://127.0.0.1:8081");
        assertThat(TapisSettings.resolve("http://localhost:8081", null, TOKEN, false).baseUrl())
                .isEqualTo("http://localhost:8081");
        assertThat(TapisSettings.resolve("http://[::1]:8081", null, TOKEN, false).baseUrl())
                .isEqualTo("http://[::1]:8081");
        assertThatThrownBy(() -> TapisSettings.resolve("http://tacc.tapis.io", null, TOKEN, false))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unencrypted").hasMessageContaining("--allow-insecure-http");
        assertThatThrownBy(() -> TapisSettings.resolve("http://127.0.0.1.example.org", null, TOKEN, false))
                .isInstanceOf(UsageException.class);
        assertThat(TapisSettings.resolve("http://tacc.tapis.io", null, TOKEN, true).baseUrl())
                .isEqualTo("http://tacc.tapis.io");
    }

    @Test
    void otherSchemesAndNonsenseAreUsageErrors() {
        assertThatThrownBy(() -> TapisSettings.resolve("ftp://tacc.tapis.io", null, TOKEN, true))
                .isInstanceOf(UsageException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> TapisSettings.resolve("tacc.tapis.io", null, TOKEN, false))
                .isInstanceOf(UsageException.class);
    }
}
