package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.UsageException;
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
    void theUrlIsKeptInOneSpellingForEquivalentOnes() {
        assertThat(TapisSettings.resolve("HTTPS://DesignSafe.Tapis.IO:443/", null, TOKEN, false).baseUrl())
                .isEqualTo("https://designsafe.tapis.io");
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

    @Test
    void aTokenWithACharacterNoJwtHoldsIsRefusedByPositionAndKindNeverByValue() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
        Map<String, String> withBom = Map.of("TAPIS_TOKEN", "\uFEFF" + jwt);
        Map<String, String> withNoBreakSpace = Map.of("TAPIS_TOKEN", jwt.substring(0, 10) + "\u00A0" + jwt.substring(10));
        Map<String, String> withLineBreak = Map.of("TAPIS_TOKEN", jwt.substring(0, 20) + "\n" + jwt.substring(20) + "\n");

        assertThatThrownBy(() -> TapisSettings.resolve("https://tacc.tapis.io", null, withBom, false))
                .isInstanceOf(UsageException.class).hasMessageContaining("TAPIS_TOKEN")
                .hasMessageContaining("U+FEFF").hasMessageContaining("position 1")
                .message().doesNotContain("eyJ");
        assertThatThrownBy(() -> TapisSettings.resolve("https://tacc.tapis.io", null, withNoBreakSpace, false))
                .hasMessageContaining("U+00A0 (NO-BREAK SPACE) at position 11").message().doesNotContain("eyJ");
        assertThatThrownBy(() -> TapisSettings.resolve("https://tacc.tapis.io", null, withLineBreak, false))
                .hasMessageContaining("U+000A").hasMessageContaining("position 21").message().doesNotContain("eyJ");
        // surrounding blanks, as from $(cat token.txt), are not part of the token
        assertThat(TapisSettings.resolve("https://tacc.tapis.io", null, Map.of("TAPIS_TOKEN", " " + jwt + "\n"), false)
                .credentials()).isInstanceOf(TapisCredentials.Token.class);
    }

    @Test
    void aUrlWithUserInfoIsRefusedWithoutRepeatingIt() {
        for (String url : new String[]{"https://tms-admin:hunter2@tacc.tapis.io", "https://hunter2@tacc.tapis.io/v3",
                "http://tms-admin:hunter2@127.0.0.1:8081", "https://tms-admin:hun ter2@tacc.tapis.io"}) {
            assertThatThrownBy(() -> TapisSettings.resolve(url, null, TOKEN, true)).as(url)
                    .isInstanceOf(UsageException.class).hasMessageContaining("user info")
                    .hasMessageContaining("TAPIS_USERNAME")
                    .message().doesNotContain("hunter2").doesNotContain("tms-admin");
        }
        assertThatThrownBy(() -> TapisSettings.resolve(null, null,
                Map.of("TAPIS_TOKEN", "a.jwt.token", "TAPIS_BASE_URL", "https://u:hunter2@tacc.tapis.io"), false))
                .isInstanceOf(UsageException.class).message().doesNotContain("hunter2");
        // an @ after the host is a path or query, not user info
        assertThat(TapisSettings.resolve("https://tacc.tapis.io/a@b", null, TOKEN, false).baseUrl())
                .isEqualTo("https://tacc.tapis.io/a@b");
    }
}
