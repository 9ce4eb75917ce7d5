package io.tmsprovisioner.tapis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TapisUrlTest {
    @Test
    void equivalentSpellingsOfOneTenantAreOne() {
        assertThat(List.of("https://designsafe.tapis.io", "https://designsafe.tapis.io/", "https://designsafe.tapis.io:443",
                "https://DesignSafe.Tapis.IO:443/", "HTTPS://designsafe.tapis.io//", " https://designsafe.tapis.io \n"))
                .extracting(TapisUrl::canonical).containsOnly("https://designsafe.tapis.io");
    }

    @Test
    void whatMakesADifferenceIsKept() {
        assertThat(TapisUrl.canonical("https://tacc.tapis.io:8443/")).isEqualTo("https://tacc.tapis.io:8443");
        assertThat(TapisUrl.canonical("https://Tacc.tapis.io/Tenants/V3/")).isEqualTo("https://tacc.tapis.io/Tenants/V3");
        assertThat(TapisUrl.canonical("http://localhost:443")).isEqualTo("http://localhost:443");
        assertThat(TapisUrl.canonical("http://127.0.0.1:80/")).isEqualTo("http://127.0.0.1");
        assertThat(TapisUrl.canonical("http://[::1]:8081")).isEqualTo("http://[::1]:8081");
        assertThat(TapisUrl.canonical("Tacc.tapis.io/")).as("not a URL: left for the caller to refuse")
                .isEqualTo("Tacc.tapis.io");
    }
}
