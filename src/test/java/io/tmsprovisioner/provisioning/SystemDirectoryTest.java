package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a run keeps of getSystem's answers: a bounded number of systems, refusals without their exceptions. */
class SystemDirectoryTest {
    private final SystemDirectory directory = SystemDirectory.caching();
    private final List<String> fetched = new ArrayList<>();

    private SystemInfo lookup(String systemId) {
        return directory.lookup(systemId, () -> {
            fetched.add(systemId);
            return new SystemInfo(systemId, SystemInfo.TMS_KEYS, true, "LINUX", systemId + ".example.org");
        });
    }

    @Test
    void theSystemsUsedLastAreKeptAndTheLeastRecentlyUsedIsFetchedAgain() {
        // given: as many systems as are kept, stampede3 used again after the others
        lookup("frontera");
        lookup("stampede3");
        for (int n = 3; n <= SystemDirectory.SYSTEMS_KEPT; n++) {
            lookup("system" + n);
        }
        lookup("stampede3");

        // when: one more
        lookup("ls6");
        fetched.clear();
        lookup("stampede3");
        lookup("frontera");

        // then
        assertThat(fetched).as("only the least recently used made room").containsExactly("frontera");
    }

    @Test
    void aRefusalIsKeptAsWhatTapisSaidNotAsTheExceptionThatCarriedIt() {
        // given
        TapisRefusalException refusal = new TapisRefusalException(404, "SYSAPI_NOSYSTEM", "SYSAPI_NOSYSTEM retired");
        assertThatThrownBy(() -> directory.lookup("retired", () -> {
            fetched.add("retired");
            throw refusal;
        })).isSameAs(refusal);

        // when, then: a later row is refused alike, without a call
        assertThatThrownBy(() -> lookup("retired")).isInstanceOf(TapisRefusalException.class)
                .isNotSameAs(refusal).hasMessage(refusal.getMessage())
                .satisfies(later -> assertThat(((TapisRefusalException) later).code()).isEqualTo("SYSAPI_NOSYSTEM"));
        assertThat(fetched).containsExactly("retired");
    }
}
