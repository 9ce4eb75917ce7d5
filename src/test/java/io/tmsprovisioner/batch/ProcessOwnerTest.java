package io.tmsprovisioner.batch;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessOwnerTest {
    private static final ProcessSpace BOOT_A_NS_1 = new ProcessSpace("64bc8818-2bb4-4eac-868a-1b8616ec3b26", "pid:[4026531836]");

    /** A process id that no running process has: a child that has ended. */
    static ProcessOwner endedChildOnThisHost(ProcessSpace space) throws Exception {
        Process child = new ProcessBuilder("true").start();
        Instant started = child.toHandle().info().startInstant().orElse(Instant.EPOCH);
        child.waitFor();
        return new ProcessOwner(ProcessOwner.current().host(), child.pid(), started, space);
    }

    @Test
    void theCurrentProcessIsAliveCheckableAndSurvivesAJobParameterRoundTrip() {
        ProcessOwner self = ProcessOwner.current();

        ProcessOwner parsed = ProcessOwner.parse(self.toString()).orElseThrow();

        assertThat(parsed).isEqualTo(self);
        assertThat(parsed.isAliveHere()).isTrue();
        assertThat(parsed.canBeCheckedHere()).isTrue();
    }

    @Test
    void onLinuxTheBootAndPidNamespaceAreRecorded() {
        ProcessSpace here = ProcessSpace.current();

        assertThat(ProcessSpace.isLinux()).as("the tests run on Linux").isTrue();
        assertThat(here.bootId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(here.pidNamespace()).matches("pid:\\[\\d+]");
        assertThat(ProcessOwner.current().toString()).endsWith(" " + here.bootId() + " " + here.pidNamespace());
    }

    @Test
    void aSpaceThatCouldNotBeReadIsWrittenAsADashAndReadBackAsUnknown() {
        ProcessOwner owner = new ProcessOwner("vm-7", 42, Instant.parse("2026-11-01T02:00:00Z"), ProcessSpace.UNKNOWN);

        assertThat(owner.toString()).isEqualTo("42 vm-7 2026-11-01T02:00:00Z - -");
        assertThat(ProcessOwner.parse(owner.toString())).hasValue(owner);
        assertThat(ProcessOwner.parse("42 vm-7 2026-11-01T02:00:00Z " + BOOT_A_NS_1.bootId() + " -").orElseThrow().space())
                .isEqualTo(new ProcessSpace(BOOT_A_NS_1.bootId(), null));
    }

    @Test
    void anOwnerRecordedByAnEarlierVersionHasNoSpaceAndIsNeverCheckedByProcessId() throws Exception {
        ProcessOwner gone = endedChildOnThisHost(null);

        ProcessOwner earlier = ProcessOwner.parse(gone.pid() + " " + gone.host() + " " + gone.processStart()).orElseThrow();

        assertThat(earlier).isEqualTo(gone);
        assertThat(earlier.space()).isNull();
        assertThat(earlier.isLocal()).isTrue();
        assertThat(earlier.isAliveHere()).isFalse();
        assertThat(earlier.canBeCheckedHere()).as("its pid may be in another pid namespace").isFalse();
    }

    @Test
    void theProcessCheckIsTrustedOnlyInTheSameBootAndPidNamespace() {
        ProcessSpace otherNamespace = new ProcessSpace(BOOT_A_NS_1.bootId(), "pid:[4026532999]");
        ProcessSpace otherBoot = new ProcessSpace("0d7c1e0a-55aa-4a4b-9c67-6f5f4e1d2c3b", BOOT_A_NS_1.pidNamespace());
        ProcessSpace noNamespace = new ProcessSpace(BOOT_A_NS_1.bootId(), null);

        assertThat(ProcessSpace.processCheckTrusted(BOOT_A_NS_1, BOOT_A_NS_1, true)).isTrue();
        assertThat(ProcessSpace.processCheckTrusted(otherNamespace, BOOT_A_NS_1, true)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(otherBoot, BOOT_A_NS_1, true)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(noNamespace, BOOT_A_NS_1, true)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(BOOT_A_NS_1, noNamespace, true)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(null, BOOT_A_NS_1, true)).as("an earlier version's owner").isFalse();
        // without /proc on either side (macOS) the host name tells the machine; on Linux it never does
        assertThat(ProcessSpace.processCheckTrusted(ProcessSpace.UNKNOWN, ProcessSpace.UNKNOWN, false)).isTrue();
        assertThat(ProcessSpace.processCheckTrusted(ProcessSpace.UNKNOWN, ProcessSpace.UNKNOWN, true)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(BOOT_A_NS_1, ProcessSpace.UNKNOWN, false)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(ProcessSpace.UNKNOWN, BOOT_A_NS_1, false)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(null, ProcessSpace.UNKNOWN, false)).isFalse();
    }

    @Test
    void aProcessThatEndedIsNotAlive() throws Exception {
        ProcessOwner gone = endedChildOnThisHost(ProcessSpace.current());

        assertThat(gone.isAliveHere()).isFalse();
        assertThat(gone.canBeCheckedHere()).isTrue();
    }

    @Test
    void aReusedProcessIdIsNotTheOwner() {
        ProcessOwner self = ProcessOwner.current();

        ProcessOwner earlier = new ProcessOwner(self.host(), self.pid(), self.processStart().minusSeconds(3600),
                self.space());

        assertThat(earlier.isAliveHere()).isFalse();
    }

    @Test
    void anOwnerOnAnotherHostCannotBeCheckedHere() {
        ProcessOwner remote = new ProcessOwner("another-host.example", ProcessHandle.current().pid(), Instant.EPOCH,
                ProcessSpace.current());

        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.isAliveHere()).isFalse();
        assertThat(remote.canBeCheckedHere()).isFalse();
    }

    @Test
    void unreadableOwnersAreUnknown() {
        assertThat(ProcessOwner.parse(null)).isEmpty();
        assertThat(ProcessOwner.parse("garbage")).isEmpty();
        assertThat(ProcessOwner.parse("12 host not-a-time")).isEmpty();
        assertThat(ProcessOwner.parse("12 host 2026-11-01T02:00:00Z boot")).isEmpty();
    }
}
