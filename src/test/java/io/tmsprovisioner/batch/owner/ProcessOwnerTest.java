package io.tmsprovisioner.batch.owner;

import io.tmsprovisioner.batch.owner.ProcessOwner.Presence;
import io.tmsprovisioner.batch.owner.ProcessOwner.Stamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class ProcessOwnerTest {
    private static final ProcessSpace BOOT_A_NS_1 = new ProcessSpace("64bc8818-2bb4-4eac-868a-1b8616ec3b26", "pid:[4026531836]");
    private static final long OWNER_PID = 4242;
    private static final long OWNER_TICKS = 987_654;

    @TempDir
    Path proc;

    /** A process id that no running process has (a child that has ended), recorded by this process's user. */
    public static ProcessOwner endedChildOnThisHost(ProcessSpace space) throws Exception {
        Process child = new ProcessBuilder("true").start();
        Instant started = child.toHandle().info().startInstant().orElse(Instant.EPOCH);
        child.waitFor();
        return new ProcessOwner(ProcessOwner.current().host(), child.pid(), started, space,
                ProcessOwner.current().stamp());
    }

    /** A /proc/[pid]/stat line, with a command name that holds what a naive split would trip on. */
    private static String statLine(long pid, long startTicks) {
        return pid + " (java) (x y) S 1 " + pid + " " + pid + " 0 -1 4194560 1 0 0 0 3 2 0 0 20 0 1 0 " + startTicks
                + " 1 2 3\n";
    }

    /** A table of this process plus, if {@code ownerTicks} is given, a process {@link #OWNER_PID} started then. */
    private ProcessTable tableWith(Long ownerTicks) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/stat"), statLine(77, 100));
        if (ownerTicks != null) {
            Files.createDirectories(proc.resolve(Long.toString(OWNER_PID)));
            Files.writeString(proc.resolve(OWNER_PID + "/stat"), statLine(OWNER_PID, ownerTicks));
        }
        return new ProcessTable(proc);
    }

    /** An owner on this host and in this process space, recorded by a user of the given uid. */
    private ProcessOwner ownerHere(long uid) {
        return new ProcessOwner(ProcessOwner.current().host(), OWNER_PID, Instant.parse("2026-11-01T02:00:00Z"),
                ProcessSpace.current(), new Stamp(OWNER_TICKS, uid));
    }

    private long ownUid() throws IOException {
        return tableWith(null).ownUid();
    }

    @Test
    void theCurrentProcessIsRunningCheckableAndSurvivesAJobParameterRoundTrip() {
        ProcessOwner self = ProcessOwner.current();

        ProcessOwner parsed = ProcessOwner.parse(self.toString()).orElseThrow();

        assertThat(parsed).isEqualTo(self);
        assertThat(parsed.stamp()).as("read from /proc/self").isNotNull();
        assertThat(parsed.canBeCheckedHere()).isTrue();
        assertThat(parsed.presenceIn(ProcessTable.SYSTEM)).isEqualTo(Presence.RUNNING);
    }

    @Test
    void aStepOfTheWallClockDoesNotMakeALiveOwnerLookDead() {
        // the JDK's start time of a process moves with the clock; its start in ticks since boot does not
        ProcessOwner self = ProcessOwner.current();
        ProcessOwner recordedBeforeAStep = new ProcessOwner(self.host(), self.pid(),
                self.processStart().minusSeconds(3600), self.space(), self.stamp());

        assertThat(recordedBeforeAStep.presenceIn(ProcessTable.SYSTEM)).isEqualTo(Presence.RUNNING);
    }

    @Test
    void onLinuxTheBootPidNamespaceStartTicksAndUserAreRecorded() throws IOException {
        ProcessSpace here = ProcessSpace.current();
        Stamp stamp = ProcessOwner.current().stamp();

        assertThat(here.bootId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(here.pidNamespace()).matches("pid:\\[\\d+]");
        assertThat(stamp.startTicks()).isPositive();
        assertThat(stamp.uid()).isEqualTo(ProcessTable.SYSTEM.ownUid());
        assertThat(ProcessOwner.current().toString()).endsWith(" " + here.bootId() + " " + here.pidNamespace() + " "
                + stamp.startTicks() + " " + stamp.uid());
    }

    @Test
    void partsThatCouldNotBeReadAreWrittenAsADashAndReadBackAsUnknown() {
        ProcessOwner owner = new ProcessOwner("vm-7", 42, Instant.parse("2026-11-01T02:00:00Z"), ProcessSpace.UNKNOWN,
                null);

        assertThat(owner.toString()).isEqualTo("42 vm-7 2026-11-01T02:00:00Z - - - -");
        assertThat(ProcessOwner.parse(owner.toString())).hasValue(owner);
        assertThat(ProcessOwner.parse("42 vm-7 2026-11-01T02:00:00Z " + BOOT_A_NS_1.bootId() + " - 5 -").orElseThrow())
                .extracting(ProcessOwner::space, ProcessOwner::stamp)
                .containsExactly(new ProcessSpace(BOOT_A_NS_1.bootId(), null), null);
    }

    @Test
    void anOwnerRecordedByAnEarlierVersionProvesNothingHere() throws Exception {
        ProcessTable nothingRuns = tableWith(null);
        ProcessOwner current = ownerHere(ownUid());
        String hostPidStart = OWNER_PID + " " + current.host() + " " + current.processStart();

        ProcessOwner withoutSpace = ProcessOwner.parse(hostPidStart).orElseThrow();
        ProcessOwner withoutStamp = ProcessOwner.parse(hostPidStart + " " + current.space().bootId() + " "
                + current.space().pidNamespace()).orElseThrow();

        assertThat(withoutSpace.space()).isNull();
        assertThat(withoutSpace.stamp()).isNull();
        assertThat(withoutSpace.canBeCheckedHere()).as("its pid may be in another pid namespace").isFalse();
        assertThat(withoutSpace.presenceIn(nothingRuns)).isEqualTo(Presence.UNPROVEN);
        assertThat(withoutStamp.canBeCheckedHere()).isTrue();
        assertThat(withoutStamp.presenceIn(nothingRuns)).as("no start ticks to compare").isEqualTo(Presence.UNPROVEN);
    }

    @Test
    void theProcessCheckIsTrustedOnlyInTheSameBootAndPidNamespace() {
        ProcessSpace otherNamespace = new ProcessSpace(BOOT_A_NS_1.bootId(), "pid:[4026532999]");
        ProcessSpace otherBoot = new ProcessSpace("0d7c1e0a-55aa-4a4b-9c67-6f5f4e1d2c3b", BOOT_A_NS_1.pidNamespace());
        ProcessSpace noNamespace = new ProcessSpace(BOOT_A_NS_1.bootId(), null);

        assertThat(ProcessSpace.processCheckTrusted(BOOT_A_NS_1, BOOT_A_NS_1)).isTrue();
        assertThat(ProcessSpace.processCheckTrusted(otherNamespace, BOOT_A_NS_1)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(otherBoot, BOOT_A_NS_1)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(noNamespace, BOOT_A_NS_1)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(BOOT_A_NS_1, noNamespace)).isFalse();
        assertThat(ProcessSpace.processCheckTrusted(null, BOOT_A_NS_1)).as("an earlier version's owner").isFalse();
        assertThat(ProcessSpace.processCheckTrusted(ProcessSpace.UNKNOWN, ProcessSpace.UNKNOWN))
                .as("without /proc (macOS) nothing is proven").isFalse();
    }

    @Test
    void anOwnerOfThisUserWhosePidIsFreeOrTakenByALaterProcessIsGone() throws Exception {
        assertThat(ownerHere(ownUid()).presenceIn(tableWith(null))).isEqualTo(Presence.GONE);
        assertThat(ownerHere(ownUid()).presenceIn(tableWith(OWNER_TICKS + 1))).as("a reused pid").isEqualTo(Presence.GONE);
        assertThat(ownerHere(ownUid()).presenceIn(tableWith(OWNER_TICKS))).isEqualTo(Presence.RUNNING);
    }

    @Test
    void anOwnerOfAnotherUserIsNeverProvenGone() throws Exception {
        // hidepid shows no other user's process: its absence proves nothing
        assertThat(ownerHere(ownUid() + 1).presenceIn(tableWith(null))).isEqualTo(Presence.UNPROVEN);
        assertThat(ownerHere(ownUid() + 1).presenceIn(tableWith(OWNER_TICKS + 1))).isEqualTo(Presence.UNPROVEN);
        assertThat(ownerHere(ownUid() + 1).presenceIn(tableWith(OWNER_TICKS))).isEqualTo(Presence.RUNNING);
    }

    @Test
    void anUnreadableProcessTableProvesNothing() throws Exception {
        ProcessTable table = tableWith(OWNER_TICKS);
        Files.writeString(proc.resolve(OWNER_PID + "/stat"), "4242 (java");

        assertThat(ownerHere(ownUid()).presenceIn(table)).isEqualTo(Presence.UNPROVEN);
        assertThat(ownerHere(ownUid()).presenceIn(new ProcessTable(proc.resolve("not-proc"))))
                .as("no /proc/self: this process's user is unknown").isEqualTo(Presence.UNPROVEN);
    }

    @Test
    void theStartTicksAreField22CountedAfterTheCommandName() throws IOException {
        assertThat(ProcessTable.startTicks(statLine(12, 31337))).isEqualTo(31337);
        assertThatThrownBy(() -> ProcessTable.startTicks("12 (java) S 1 2")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ProcessTable.startTicks("no parenthesis at all")).isInstanceOf(IOException.class);
    }

    @Test
    void anOwnerOnAnotherHostCannotBeCheckedHere() throws Exception {
        ProcessOwner remote = new ProcessOwner("another-host.example", OWNER_PID, Instant.EPOCH,
                ProcessSpace.current(), new Stamp(OWNER_TICKS, ownUid()));

        assertThat(remote.isLocal()).isFalse();
        assertThat(remote.canBeCheckedHere()).isFalse();
        assertThat(remote.presenceIn(tableWith(null))).isEqualTo(Presence.UNPROVEN);
    }

    @Test
    void unreadableOwnersAreUnknown() {
        assertThat(ProcessOwner.parse(null)).isEmpty();
        assertThat(ProcessOwner.parse("garbage")).isEmpty();
        assertThat(ProcessOwner.parse("12 host not-a-time")).isEmpty();
        assertThat(ProcessOwner.parse("12 host 2026-11-01T02:00:00Z boot")).isEmpty();
        assertThat(ProcessOwner.parse("12 host 2026-11-01T02:00:00Z boot ns ticks 1000")).isEmpty();
    }
}
