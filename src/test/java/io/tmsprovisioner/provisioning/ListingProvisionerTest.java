package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.PacedCalls;
import io.tmsprovisioner.provisioning.calls.RetryPolicy;
import io.tmsprovisioner.provisioning.calls.Retrying;
import io.tmsprovisioner.provisioning.calls.RunEnding;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules with Tapis's credential listing: which rows ask for it, and what a listed pair skips. */
class ListingProvisionerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final FakeTapis tapis = new FakeTapis()
            .system("stampede3", "TMS_KEYS")
            .system("frontera", "TMS_KEYS");
    private final MemoryJournal journal = new MemoryJournal();
    private final Retrying retrying = new Retrying(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(10), Duration.ZERO), delay -> true, () -> 0.5, new RunEnding(), System::nanoTime);
    private final CredentialListing listing = CredentialListing.tried();

    private Provisioner provisioner(ProvisioningOptions options) {
        return new Provisioner(tapis, journal, PairHistory.NONE, SystemDirectory.caching(), retrying,
                PacedCalls.unpaced(), Clock.fixed(NOW, ZoneOffset.UTC), options, listing);
    }

    private RowOutcome run(InputRow row) {
        return provisioner(ProvisioningOptions.DEFAULTS).provision(row);
    }

    private static InputRow row(long line, String user, String system, Action action) {
        return InputRow.valid(line, user, system, action);
    }

    @Test
    void aListedPairIsPresentWithoutGetSystemOrCheck() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe").credential("frontera", "jdoe");

        RowOutcome first = run(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        RowOutcome second = run(row(2, "jdoe", "frontera", Action.ESTABLISH));

        assertThat(first.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(first.message()).isEqualTo(CredentialListing.REGISTERED);
        assertThat(second.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("list jdoe");
    }

    @Test
    void anUnlistedPairTakesTheUsualPathAndAStoredButUnlistedOneIsNotCreatedAgain() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe");
        tapis.unlisted.add("stampede3/jdoe");

        RowOutcome stored = run(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        RowOutcome missing = run(row(2, "jdoe", "frontera", Action.ESTABLISH));

        assertThat(stored.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(stored.message()).isEqualTo("credential exists and Tapis validated it");
        assertThat(missing.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.creates("stampede3", "jdoe")).isZero();
        assertThat(tapis.calls).containsExactly("list jdoe", "getSystem stampede3", "check stampede3/jdoe",
                "getSystem frontera", "check frontera/jdoe", "create frontera/jdoe", "check frontera/jdoe");
    }

    @Test
    void aCallerWhoMayNotImpersonateIsRefusedOnceThenEveryPairIsChecked() {
        tapis.credential("stampede3", "jdoe").credential("frontera", "asmith");

        run(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        run(row(2, "asmith", "frontera", Action.ESTABLISH));

        assertThat(tapis.calls.stream().filter(call -> call.startsWith("list "))).containsExactly("list jdoe");
        assertThat(tapis.calls.stream().filter(call -> call.startsWith("check "))).hasSize(2);
        assertThat(listing.summary()).contains("SYSLIB_UNAUTH_IMPERSONATE");
    }

    @Test
    void removeAndResetRowsNeverList() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe").credential("frontera", "jdoe");

        run(row(1, "jdoe", "stampede3", Action.REMOVE));
        run(row(2, "jdoe", "frontera", Action.RESET));

        assertThat(tapis.calls).noneMatch(call -> call.startsWith("list "));
    }

    @Test
    void anEstablishAfterThisRunRemovedThePairIsCheckedNotTakenFromTheListing() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe").credential("frontera", "jdoe");
        run(row(1, "jdoe", "frontera", Action.ESTABLISH)); // lists jdoe: stampede3 and frontera

        run(row(2, "jdoe", "stampede3", Action.REMOVE));
        RowOutcome again = run(row(3, "jdoe", "stampede3", Action.ESTABLISH));

        assertThat(again.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls.stream().filter(call -> call.startsWith("list "))).hasSize(1);
    }

    @Test
    void aDryRunUsesTheListing() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe");

        RowOutcome row = provisioner(new ProvisioningOptions(true, true, false, ReverifySchedule.ALWAYS))
                .provision(row(1, "jdoe", "stampede3", Action.ESTABLISH));

        assertThat(row.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("list jdoe");
    }

    @Test
    void aRowWhoseEarlierAttemptMayHaveSentACreateIsCheckedAsBefore() {
        tapis.mayImpersonate = true;
        tapis.credential("stampede3", "jdoe");
        journal.interrupted(1, true, false);

        RowOutcome row = run(row(1, "jdoe", "stampede3", Action.ESTABLISH));

        assertThat(row.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }
}
