package io.tmsprovisioner.batch;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessOwnerTest {

    @Test
    void theCurrentProcessIsAliveAndSurvivesAJobParameterRoundTrip() {
        ProcessOwner self = ProcessOwner.current();

        ProcessOwner parsed = ProcessOwner.parse(self.toString()).orElseThrow();

        assertThat(parsed).isEqualTo(self);
        assertThat(parsed.isAliveHere()).isTrue();
    }

    @Test
    void aProcessThatEndedIsNotAlive() throws Exception {
        Process child = new ProcessBuilder("true").start();
        Instant started = child.toHandle().info().startInstant().orElse(Instant.EPOCH);
        child.waitFor();

        ProcessOwner gone = new ProcessOwner(ProcessOwner.current().host(), child.pid(), started);

        assertThat(gone.isAliveHere()).isFalse();
    }

    @Test
    void aReusedProcessIdIsNotTheOwner() {
        ProcessOwner self = ProcessOwner.current();

        ProcessOwner earlier = new ProcessOwner(self.host(), self.pid(), self.processStart().minusSeconds(3600));

        assertThat(earlier.isAliveHere()).isFalse();
    }

    @Test
    void anOwnerOnAnotherHostCannotBeCheckedHere() {
        ProcessOwner remote = new ProcessOwner("another-host.example", ProcessHandle.current().pid(), Instant.EPOCH);

        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.isAliveHere()).isFalse();
    }

    @Test
    void unreadableOwnersAreUnknown() {
        assertThat(ProcessOwner.parse(null)).isEmpty();
        assertThat(ProcessOwner.parse("garbage")).isEmpty();
        assertThat(ProcessOwner.parse("12 host not-a-time")).isEmpty();
    }
}
