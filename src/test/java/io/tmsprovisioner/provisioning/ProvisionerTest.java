package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.PacedCalls;
import io.tmsprovisioner.provisioning.calls.RetryPolicy;
import io.tmsprovisioner.provisioning.calls.Retrying;
import io.tmsprovisioner.provisioning.calls.RunEnding;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisAuthenticationException;
import io.tmsprovisioner.tapis.TapisOutageException;
import io.tmsprovisioner.tapis.CallEffect;
import io.tmsprovisioner.tapis.TapisUnavailableException;
import org.assertj.core.data.Index;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisionerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");
    private static final Duration LOST_CREATE_WAIT = Duration.ofSeconds(180);

    private final FakeTapis tapis = new FakeTapis()
            .system("stampede3", "TMS_KEYS")
            .system("frontera", "TMS_KEYS")
            .system("community", "PASSWORD");
    private MemoryJournal journal = new MemoryJournal();

    private final List<Duration> pauses = new ArrayList<>();
    private final Retrying retrying = new Retrying(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            LOST_CREATE_WAIT, Duration.ZERO), pauses::add, () -> 0.5, new RunEnding(), System::nanoTime);
    private SystemDirectory systems = SystemDirectory.caching();
    /** What earlier runs recorded: by default, nothing. */
    private PairHistory history = PairHistory.NONE;

    private RowOutcome run(InputRow row) {
        return run(retrying, row);
    }

    private RowOutcome run(Retrying retrying, InputRow row) {
        return run(retrying, ProvisioningOptions.DEFAULTS, row);
    }

    private RowOutcome run(ProvisioningOptions options, InputRow row) {
        return run(retrying, options, row);
    }

    private RowOutcome run(Retrying retrying, ProvisioningOptions options, InputRow row) {
        return provisioner(retrying, options).provision(row);
    }

    /** One run's rules, on this test's Tapis and journal: the same instance for a row's two tries. */
    private Provisioner provisioner(Retrying retrying, ProvisioningOptions options) {
        return new Provisioner(tapis, journal, history, systems, retrying, PacedCalls.unpaced(),
                Clock.fixed(NOW, ZoneOffset.UTC), options);
    }

    private Retrying singleAttempt() {
        return new Retrying(new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), LOST_CREATE_WAIT,
                Duration.ZERO), pauses::add, () -> 0.5, new RunEnding(), System::nanoTime);
    }

    private static TapisUnavailableException lostAnswer() {
        return new TapisUnavailableException("No answer from Tapis", null, 0, CallEffect.MAY_STILL_TAKE_EFFECT, null);
    }

    private static TapisUnavailableException unavailable(int status) {
        return new TapisUnavailableException("HTTP " + status, null, status, CallEffect.NONE, null);
    }

    private static InputRow row(String user, String system, Action action) {
        return row(7, user, system, action);
    }

    private static InputRow row(long line, String user, String system, Action action) {
        return InputRow.valid(line, user, system, action);
    }

    @Test
    void establishLeavesAPresentCredentialAlone() {
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.recordedAt()).isEqualTo(NOW);
        assertThat(outcome.lineNumber()).isEqualTo(7);
    }

    @Test
    void establishCreatesMissingKeysOnATmsSystemAndChecksThemOnTheHost() {
        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).isEqualTo("credential was missing; TMS keys created");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
        assertThat(journal.createSentFor(7)).isTrue();
    }

    @Test
    void withoutVerificationNewKeysAreNotChecked() {
        RowOutcome outcome = run(new ProvisioningOptions(false, false, false, ReverifySchedule.ALWAYS), row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).isEqualTo("credential was missing; TMS keys created; not verified on the host "
                + "(--no-verify)");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe", "create stampede3/jdoe");
    }

    @Test
    void establishCreatesNothingOnANonTmsSystemAndSaysSo() {
        RowOutcome outcome = run(row("jdoe", "community", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.NOT_TMS);
        assertThat(outcome.message()).contains("PASSWORD", "nothing created");
        assertThat(tapis.calls).containsExactly("getSystem community", "check community/jdoe");
    }

    @Test
    void aRefusalFailsTheRowWithStatusCodeAndMessage() {
        tapis.refuse("check", 403, "SYSAPI_UNAUTH", "SYSAPI_UNAUTH not allowed");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(403);
        assertThat(outcome.tapisCode()).isEqualTo("SYSAPI_UNAUTH");
        assertThat(outcome.message()).isEqualTo("HTTP 403: SYSAPI_UNAUTH not allowed");
    }

    @Test
    void anUnknownSystemFailsTheRowWith404() {
        RowOutcome outcome = run(row("jdoe", "nowhere", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(404);
        assertThat(outcome.tapisCode()).isEqualTo("SYSAPI_NOT_FOUND");
    }

    @Test
    void newKeysTheHostRefusesAreStoredAndSaidSo() {
        tapis.hostRejects.add("stampede3");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(outcome.httpStatus()).isEqualTo(401);
        assertThat(outcome.tapisCode()).isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(outcome.message()).startsWith("TMS keys created and stored, but the host refuses them: the account "
                + "may not exist on the host yet, or its sshd is not set up for TMS;").contains("Invalid credentials");
        assertThat(tapis.credentials).containsExactly("stampede3/jdoe");
        assertThat(outcome.outcome().needsAttention()).isTrue();
    }

    @Test
    void aStoredCredentialTheHostRefusesIsReplaced() {
        tapis.refusedKey("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).isEqualTo("the host refused the stored credential; new TMS keys created in its "
                + "place");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
    }

    @Test
    void aReplacementTheHostRefusesTooIsKeysRefused() {
        tapis.credential("stampede3", "jdoe").hostRejects.add("stampede3");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(tapis.creates("stampede3", "jdoe")).isEqualTo(1);
    }

    @Test
    void aKeyTheHostRefusedAfterAnEarlierReplacementIsNotReplacedAgain() {
        Instant earlier = NOW.minus(Duration.ofDays(1));
        tapis.credential("stampede3", "jdoe").hostRejects.add("stampede3");
        history = new RecordedHistory().keysRefused("stampede3", "jdoe", earlier);

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.tapisCode()).isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(outcome.message()).startsWith("the host refuses the stored key, as it refused the TMS keys created "
                + "for this user on " + earlier + ": ").contains("no new keys minted (--replace-refused asks for them)");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void replaceRefusedReplacesAKeyWhoseEarlierReplacementWasRefusedToo() {
        tapis.credential("stampede3", "jdoe").hostRejects.add("stampede3");
        history = new RecordedHistory().keysRefused("stampede3", "jdoe", NOW.minus(Duration.ofDays(1)));

        RowOutcome outcome = run(new ProvisioningOptions(false, true, true, ReverifySchedule.ALWAYS), row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(tapis.creates("stampede3", "jdoe")).isEqualTo(1);
    }

    @Test
    void aDryRunSaysARefusedKeyWouldNotBeReplacedAgain() {
        tapis.credential("stampede3", "jdoe").hostRejects.add("stampede3");
        history = new RecordedHistory().keysRefused("stampede3", "jdoe", NOW.minus(Duration.ofDays(1)));

        RowOutcome outcome = run(new ProvisioningOptions(true, true, false, ReverifySchedule.ALWAYS), row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void aSystemWhoseDefinitionRulesOutTmsKeysFailsBeforeAnyCreate() {
        tapis.system(new SystemInfo("shared", "TMS_KEYS", false, "LINUX", "shared.example.org"))
                .system(new SystemInfo("bucket", "TMS_KEYS", true, "S3", "s3.example.org"));

        RowOutcome staticUser = run(row(1, "jdoe", "shared", Action.ESTABLISH));
        RowOutcome notLinux = run(row(2, "jdoe", "bucket", Action.ESTABLISH));
        RowOutcome reset = run(row(3, "jdoe", "shared", Action.RESET));

        assertThat(List.of(staticUser, notLinux, reset)).extracting(RowOutcome::outcome).containsOnly(Outcome.FAILED);
        assertThat(staticUser.tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED");
        assertThat(staticUser.message()).startsWith("Tapis creates TMS keys only on systems whose effectiveUserId is "
                + "${apiUserId}").endsWith("(systemType LINUX, isDynamicEffectiveUser false); no create was sent");
        assertThat(notLinux.tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_INVALID_SYS_TYPE");
        assertThat(reset.message()).startsWith("nothing removed: Tapis creates TMS keys only");
        assertThat(tapis.calls).noneMatch(call -> call.startsWith("create") || call.startsWith("remove"));
    }

    @Test
    void aCreateRefusedInsideA500FailsTheRowAtOnceWithWhatToDo() {
        tapis.refuse("create", 500, "SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED", "SYSAPI_CRED_ERROR Unable to operate on "
                + "credential for system. Error: SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(500);
        assertThat(outcome.tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED");
        assertThat(outcome.message()).startsWith("this tenant is not allowed to use TMS; HTTP 500: SYSAPI_CRED_ERROR");
        assertThat(tapis.creates("stampede3", "jdoe")).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aCredentialWhoseHostCannotBeReachedIsNeverReplaced() {
        tapis.credential("stampede3", "jdoe").hostsDown.add("stampede3");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(401);
        assertThat(outcome.tapisCode()).isEqualTo("SYSLIB_CRED_CONN_FAIL");
        assertThat(outcome.message()).startsWith("a credential is stored, and Tapis could not reach the host of "
                + "stampede3 to verify it (SYSLIB_CRED_CONN_FAIL): nothing can be concluded, so nothing was changed; "
                + "HTTP 401: ");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYSLIB_CRED_NOT_SUPPORTED", "SYSLIB_CRED_BRAND_NEW"})
    void aReasonThatCannotBeClassifiedIsNeverTakenForAMissingCredential(String reason) {
        tapis.verifyAnswers.put("stampede3/jdoe", new CredentialCheck(CredentialCheck.Status.UNDETERMINED, reason,
                "SYSAPI_CRED_VALID_FAIL Credential validation failed. Message: " + reason + " x"));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.tapisCode()).isEqualTo(reason);
        assertThat(outcome.message()).contains("Tapis could not verify it", "nothing was changed");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void keysStoredWhileTheHostIsDownAreUnverifiedAndALaterRunDoesNotMintAgain() {
        tapis.hostsDown.add("stampede3");

        RowOutcome first = run(row("jdoe", "stampede3", Action.ESTABLISH));
        systems = SystemDirectory.caching(); // a later run: another job instance
        journal = new MemoryJournal();
        RowOutcome later = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(first.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(first.tapisCode()).isEqualTo("SYSLIB_CRED_CONN_FAIL");
        assertThat(first.message()).startsWith("TMS keys created and stored; not verified: Tapis could not reach the "
                + "host (SYSLIB_CRED_CONN_FAIL); the next run checks them and mints no new ones while they are stored;");
        assertThat(first.outcome().needsAttention()).as("exit 3").isTrue();
        assertThat(later.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(later.message()).contains("nothing was changed");
        assertThat(tapis.creates("stampede3", "jdoe")).isEqualTo(1);
        assertThat(tapis.credentials).containsExactly("stampede3/jdoe");
    }

    @Test
    void afterFiveUnreachableAnswersInARowTheSystemsEstablishAndResetRowsFailWithoutACall() {
        tapis.hostsDown.add("stampede3");
        for (int user = 1; user <= 5; user++) {
            tapis.credential("stampede3", "user" + user);
            assertThat(run(row(user, "user" + user, "stampede3", Action.ESTABLISH)))
                    .extracting(RowOutcome::outcome, RowOutcome::skipped).containsExactly(Outcome.FAILED, false);
        }
        tapis.credential("stampede3", "user6").credential("stampede3", "user7").credential("stampede3", "user8");
        tapis.calls.clear();

        RowOutcome establish = run(row(6, "user6", "stampede3", Action.ESTABLISH));
        RowOutcome reset = run(row(7, "user7", "stampede3", Action.RESET));
        RowOutcome remove = run(row(8, "user8", "stampede3", Action.REMOVE));
        RowOutcome otherSystem = run(row(9, "user6", "frontera", Action.ESTABLISH));

        assertThat(establish.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(establish.httpStatus()).isNull();
        assertThat(establish.tapisCode()).isEqualTo("SYSLIB_CRED_CONN_FAIL");
        assertThat(establish.message()).isEqualTo("skipped: host unreachable in this run (Tapis could not reach the "
                + "host of stampede3 5 times in a row); nothing was sent or changed");
        assertThat(establish.skipped()).as("no new evidence for the failure streak").isTrue();
        assertThat(reset.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reset.message()).startsWith("skipped: host unreachable in this run");
        assertThat(remove.outcome()).as("a remove does not connect to the host").isEqualTo(Outcome.REMOVED);
        assertThat(otherSystem.outcome()).isNotEqualTo(Outcome.FAILED);
        assertThat(tapis.calls).containsExactly("remove stampede3/user8",
                "getSystem frontera", "check frontera/user6", "create frontera/user6", "check frontera/user6");
        assertThat(tapis.credentials).contains("stampede3/user7");
    }

    @Test
    void aHostGivenUpIsGivenUpForEverySystemOnIt() {
        tapis.system(new SystemInfo("ls6", "TMS_KEYS", true, "LINUX", "login.example.org"))
                .system(new SystemInfo("ls6.dtn", "TMS_KEYS", true, "LINUX", "login.example.org"));
        tapis.hostsDown.add("ls6");
        for (int user = 1; user <= 5; user++) {
            tapis.credential("ls6", "user" + user);
            run(row(user, "user" + user, "ls6", Action.ESTABLISH));
        }
        tapis.credential("ls6.dtn", "user6");
        tapis.calls.clear();

        RowOutcome sameHost = run(row(6, "user6", "ls6.dtn", Action.ESTABLISH));

        assertThat(sameHost.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(sameHost.message()).startsWith("skipped: host unreachable in this run");
        assertThat(tapis.calls).as("only the system, to learn its host").containsExactly("getSystem ls6.dtn");
    }

    @Test
    void anAnswerFromTheHostEndsTheStreakOfUnreachableAnswers() {
        tapis.hostsDown.add("stampede3");
        for (int user = 1; user <= 4; user++) {
            tapis.credential("stampede3", "user" + user);
            run(row(user, "user" + user, "stampede3", Action.ESTABLISH));
        }
        tapis.hostsDown.clear();
        tapis.credential("stampede3", "up");
        assertThat(run(row(5, "up", "stampede3", Action.ESTABLISH)).outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        tapis.hostsDown.add("stampede3");
        for (int user = 6; user <= 9; user++) {
            tapis.credential("stampede3", "user" + user);
            run(row(user, "user" + user, "stampede3", Action.ESTABLISH));
        }
        tapis.calls.clear();

        run(row(10, "user1", "stampede3", Action.ESTABLISH));

        assertThat(tapis.calls).as("4 + 4 unreachable answers, never 5 in a row").containsExactly("check stampede3/user1");
    }

    @Test
    void aResetWhoseNewKeysTheHostCannotVerifySaysTheKeysAreStored() {
        tapis.credential("stampede3", "jdoe").hostsDown.add("stampede3");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(outcome.message()).startsWith("credential removed; TMS keys created and stored; not verified: Tapis "
                + "could not reach the host");
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
    }

    @Test
    void a500ToARemoveIsALostAnswerAndTheRemoveIsRepeated() {
        tapis.credential("stampede3", "jdoe").failTimes("remove", 1,
                new TapisUnavailableException("HTTP 500", null, 500, CallEffect.MAY_HAVE_TAKEN_EFFECT, null));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "remove stampede3/jdoe",
                "create stampede3/jdoe", "check stampede3/jdoe");
    }

    @Test
    void a500ToACreateThatTookEffectIsCheckedAfterTheBackoffAndNotRepeated() {
        tapis.failTimes("create", 1, new TapisUnavailableException("HTTP 500", null, 500, CallEffect.MAY_HAVE_TAKEN_EFFECT, null))
                .createDespiteFailure = true;

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).endsWith("(the answer was lost; a check found them stored)");
        assertThat(tapis.creates("stampede3", "jdoe")).isEqualTo(1);
        assertThat(pauses).as("the service answered: it is done, no need to wait for it").hasSize(1)
                .allMatch(pause -> pause.compareTo(Duration.ofSeconds(1)) < 0);
    }

    @Test
    void removeRemoves() {
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.REMOVE));

        assertThat(outcome.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(tapis.credentials).isEmpty();
        assertThat(tapis.calls).containsExactly("remove stampede3/jdoe");
    }

    @Test
    void resetRemovesThenCreatesWithoutACheckBetween() {
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
    }

    @Test
    void resetNeverRemovesOnANonTmsSystem() {
        tapis.credential("community", "jdoe");

        RowOutcome outcome = run(row("jdoe", "community", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.NOT_TMS);
        assertThat(outcome.message()).contains("nothing removed");
        assertThat(tapis.credentials).containsExactly("community/jdoe");
        assertThat(tapis.calls).containsExactly("getSystem community");
    }

    @Test
    void resetWhoseCreateFailsSaysTheCredentialWasRemoved() {
        tapis.credential("stampede3", "jdoe").refuse("create", 500, "SYSLIB_CRED_TMS_KEYS_NOT_CFG",
                "SYSAPI_CRED_ERROR ... Error: SYSLIB_CRED_TMS_KEYS_NOT_CFG");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(500);
        assertThat(outcome.message()).startsWith("credential removed, but creating new TMS keys failed: TMS is not "
                + "configured for this Tapis site; HTTP 500");
    }

    @Test
    void rejectedAndDuplicateRowsAreNeverSent() {
        RowOutcome rejected = run(InputRow.rejected(3, "..", "stampede3", Action.ESTABLISH, "username '..' is made only of dots"));
        RowOutcome duplicate = run(InputRow.duplicate(4, "jdoe", "stampede3", Action.ESTABLISH, "repeats line 2"));

        assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(rejected.message()).isEqualTo("username '..' is made only of dots");
        assertThat(rejected.attempts()).isZero();
        assertThat(duplicate.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(duplicate.message()).isEqualTo("repeats line 2");
        assertThat(tapis.calls).isEmpty();
    }

    @Test
    void aResumedEstablishWhoseCreateWasSentReportsCreatedWithoutCreatingAgain() {
        journal.interrupted(7, true, false);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).isEqualTo("TMS keys created by an earlier, interrupted attempt");
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void aResumedRowWhoseCreateWasSentButStoredNothingCreatesNow() {
        journal.interrupted(7, true, false);

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
    }

    @Test
    void aResumedRowWhoseKeysWereStoredButRejectedByTheHostIsNeverCreatedTwice() {
        journal.interrupted(7, true, false).interrupted(8, true, true);
        tapis.credential("vista", "jdoe").system("vista", "TMS_KEYS").hostRejects.add("vista");

        RowOutcome establish = run(row(7, "jdoe", "vista", Action.ESTABLISH));
        RowOutcome reset = run(row(8, "jdoe", "vista", Action.RESET));

        assertThat(establish.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(establish.httpStatus()).isEqualTo(401);
        assertThat(establish.tapisCode()).isEqualTo("SYSLIB_CRED_VALID_FAIL");
        assertThat(establish.message()).startsWith("TMS keys created and stored by an earlier, interrupted attempt, but "
                + "the host refuses them");
        assertThat(reset.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(reset.message()).startsWith("credential removed; TMS keys created and stored by an earlier");
        assertThat(tapis.calls).noneMatch(call -> call.startsWith("create") || call.startsWith("remove"));
    }

    @Test
    void aResumedResetWhoseCreateWasSentOnlyVerifies() {
        journal.interrupted(7, true, true);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void aResumedRowThatSentNoCreateIsDoneNormally() {
        journal.interrupted(7, false, false);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "create stampede3/jdoe",
                "check stampede3/jdoe");
    }

    @Test
    void aRowFinishedBeforeTheCrashKeepsItsResultWithoutAnyCall() {
        RowOutcome before = new RowOutcome(7, "jdoe", "stampede3", Action.ESTABLISH, Outcome.ALREADY_PRESENT, null,
                null, "credential exists and Tapis validated it", 1, 12, NOW.minusSeconds(60));
        journal.finishedBefore(before);

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome).isEqualTo(before);
        assertThat(tapis.calls).isEmpty();
    }

    @Test
    void aRemoveDoneBeforeTheCrashIsNotRepeated() {
        // a later row of the pair may have created the credential after this remove, before the crash
        journal.interrupted(7, false, true);
        tapis.credential("stampede3", "jdoe");

        RowOutcome remove = run(row("jdoe", "stampede3", Action.REMOVE));

        assertThat(remove.outcome()).isEqualTo(Outcome.REMOVED);
        assertThat(tapis.calls).isEmpty();
        assertThat(tapis.credentials).containsExactly("stampede3/jdoe");
    }

    @Test
    void aResumedResetWhoseRemoveWasDoneOnlyCreates() {
        journal.interrupted(7, false, true);

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "create stampede3/jdoe", "check stampede3/jdoe");
    }

    @Test
    void aRejectedTokenStopsTheRowInsteadOfFailingIt() {
        tapis.fail("check", new TapisAuthenticationException("Tapis rejected the access token (TAPIS_SECURITY_JWT_EXPIRED)"));

        assertThatThrownBy(() -> run(row("jdoe", "stampede3", Action.ESTABLISH)))
                .isInstanceOf(TapisAuthenticationException.class);
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffAndCountedInAttempts() {
        tapis.credential("stampede3", "jdoe").failTimes("check", 2, unavailable(503));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(1)).isGreaterThan(pauses.get(0));
    }

    @Test
    void aRowWhoseRetriesRunOutFailsWithTheLastStatus() {
        tapis.failTimes("check", 3, unavailable(502));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(502);
        assertThat(outcome.message()).startsWith("Tapis unavailable, 3 attempts: HTTP 502");
        assertThat(outcome.attempts()).isEqualTo(3);
    }

    @Test
    void aRowWhoseRetriesRunOutOnItsFirstTryIsPutOffAndItsSecondTryRecordsWhatItComesTo() {
        tapis.failTimes("check", 3, unavailable(502));
        Provisioner provisioner = provisioner(retrying, ProvisioningOptions.DEFAULTS);
        InputRow row = row("jdoe", "stampede3", Action.ESTABLISH);

        assertThatThrownBy(() -> provisioner.provision(row, true)).isInstanceOf(TryLaterException.class)
                .hasMessageStartingWith("Tapis unavailable, 3 attempts: HTTP 502");
        RowOutcome second = provisioner.provision(row, true);

        assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
    }

    @Test
    void aResetPutOffAfterItsRemoveDoesNotRemoveAgainOnItsSecondTry() {
        tapis.credential("stampede3", "jdoe").failTimes("create", 3, unavailable(503));
        Provisioner provisioner = provisioner(retrying, ProvisioningOptions.DEFAULTS);
        InputRow row = row("jdoe", "stampede3", Action.RESET);

        assertThatThrownBy(() -> provisioner.provision(row, true)).isInstanceOf(TryLaterException.class)
                .hasMessageContaining("credential removed, but creating new TMS keys failed");
        RowOutcome second = provisioner.provision(row, false);

        assertThat(second.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).filteredOn(call -> call.startsWith("remove")).as("removed once").hasSize(1);
    }

    @Test
    void retriesRunningOutWhileTapisAnswersNothingElseStopTheJobAsAnOutage() {
        run(row("someone", "stampede3", Action.ESTABLISH)); // the system is known: the next row's checks come first
        tapis.failTimes("check", 3, unavailable(503)).failTimes("getSystem", 1, lostAnswer());

        assertThatThrownBy(() -> run(row("jdoe", "stampede3", Action.ESTABLISH)))
                .isInstanceOf(TapisOutageException.class)
                .hasMessageContaining("Tapis is unavailable")
                .hasMessageContaining("a call failed 3 attempts").hasMessageContaining("Tapis answers nothing else either");
    }

    @Test
    void retriesRunningOutWhileTapisAnswersOtherCallsFailOnlyTheRow() {
        tapis.failTimes("check", 3, unavailable(500));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(500);
        assertThat(tapis.calls).as("the system first, for its host; the last getSystem asks whether Tapis answers")
                .containsExactly("getSystem stampede3", "check stampede3/jdoe", "check stampede3/jdoe",
                        "check stampede3/jdoe", "getSystem stampede3");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsCheckedAndNotRepeatedWhenItTookEffect() {
        tapis.failTimes("create", 1, lostAnswer()).createDespiteFailure = true;

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.message()).isEqualTo("credential was missing; TMS keys created (the answer was lost; a "
                + "check found them stored)");
        assertThat(tapis.calls).as("the check that found them is their verification").containsExactly(
                "getSystem stampede3", "check stampede3/jdoe", "create stampede3/jdoe", "check stampede3/jdoe");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsGivenTheWriteTimeoutBeforeACheckMayFindNothing() {
        tapis.failTimes("create", 1, lostAnswer()).createDespiteFailure = true;

        run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(pauses).as("the service may still be carrying the create out").containsExactly(LOST_CREATE_WAIT);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsRepeatedWhenACheckSaysItDidNotHappen() {
        tapis.failTimes("create", 1, lostAnswer());

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe",
                "create stampede3/jdoe", "check stampede3/jdoe", "create stampede3/jdoe", "check stampede3/jdoe");
    }

    @Test
    void aCreateWhoseLastAllowedAttemptLostItsAnswerIsCheckedBeforeTheRowFails() {
        tapis.failTimes("create", 1, lostAnswer()).createDespiteFailure = true;

        RowOutcome outcome = run(singleAttempt(), row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).as("the keys it stored are found, not reported as a failure")
                .isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe",
                "create stampede3/jdoe", "check stampede3/jdoe");
        assertThat(pauses).as("on the last attempt too, the check waits for a create that may still be running")
                .containsExactly(LOST_CREATE_WAIT);
    }

    @Test
    void aCreateWhoseLastAllowedAttemptLostItsAnswerWithoutEffectFailsTheRow() {
        tapis.failTimes("create", 1, lostAnswer());

        RowOutcome outcome = run(singleAttempt(), row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.message()).contains("Tapis unavailable, 1 attempts");
        assertThat(tapis.calls).filteredOn(call -> call.startsWith("create")).hasSize(1);
        assertThat(tapis.calls).contains("check stampede3/jdoe", Index.atIndex(3));
    }

    @Test
    void aCreateRefusedWithoutEffectIsRepeatedWithoutACheck() {
        tapis.failTimes("create", 1, unavailable(503));

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe",
                "create stampede3/jdoe", "create stampede3/jdoe", "check stampede3/jdoe");
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        tapis.failTimes("remove", 1, new TapisUnavailableException("HTTP 503", null, 503, CallEffect.NONE, Duration.ofSeconds(7)));

        run(row("jdoe", "stampede3", Action.REMOVE));

        assertThat(pauses).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void eachSystemIsFetchedOncePerRunAndAnUnknownOneToo() {
        run(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        run(row(2, "asmith", "stampede3", Action.ESTABLISH));
        run(row(3, "jdoe", "nowhere", Action.ESTABLISH));
        RowOutcome again = run(row(4, "asmith", "nowhere", Action.ESTABLISH));

        assertThat(tapis.calls).filteredOn(call -> call.startsWith("getSystem"))
                .containsExactly("getSystem stampede3", "getSystem nowhere");
        assertThat(again.httpStatus()).isEqualTo(404);
    }

    @Test
    void withoutTheCacheEveryRowFetchesItsSystem() {
        systems = SystemDirectory.uncached();

        run(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        run(row(2, "asmith", "stampede3", Action.ESTABLISH));

        assertThat(tapis.calls).filteredOn(call -> call.startsWith("getSystem")).hasSize(2);
    }

    @Test
    void aCreateWhoseAnswerWasLostAndWhoseKeysTheHostRejectsIsNotRepeated() {
        tapis.system("vista", "TMS_KEYS").failTimes("create", 1, lostAnswer()).createDespiteFailure = true;
        tapis.hostRejects.add("vista");

        RowOutcome outcome = run(row("jdoe", "vista", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(outcome.httpStatus()).isEqualTo(401);
        assertThat(tapis.calls).filteredOn(call -> call.startsWith("create")).hasSize(1);
    }

    private static final ProvisioningOptions WEEKLY = new ProvisioningOptions(false, true, false,
            ReverifySchedule.every(Duration.ofDays(7)));

    @Test
    void aPairFoundWorkingBeforeItsTurnIsPassedOverWithoutACall() {
        Instant verified = NOW.minus(Duration.ofHours(1)).minusMillis(250);
        history = new RecordedHistory().verified("stampede3", "jdoe", verified, 41);

        RowOutcome outcome = run(WEEKLY, row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RECENTLY_VERIFIED);
        assertThat(outcome.message()).startsWith("found working on " + verified.truncatedTo(ChronoUnit.SECONDS)
                + " (execution 41); not checked again before its turn at ").endsWith(" (--reverify-after 7d)");
        assertThat(tapis.calls).isEmpty();
    }

    @Test
    void aPairWhoseTurnCameSinceItWasFoundWorkingIsChecked() {
        ReverifySchedule weekly = WEEKLY.reverify();
        Instant turn = weekly.nextTurn("stampede3", "jdoe", NOW).minus(Duration.ofDays(7));
        history = new RecordedHistory().verified("stampede3", "jdoe", turn.minusSeconds(1), 41);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(WEEKLY, row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void withoutReverifyAfterARecentlyVerifiedPairIsCheckedAsEveryRunChecksIt() {
        history = new RecordedHistory().verified("stampede3", "jdoe", NOW.minusSeconds(60), 41);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void aRowAnInterruptedAttemptStartedIsCheckedEvenWhenItsPairWasFoundWorkingRecently() {
        // the interrupted attempt may have found the credential gone and sent a create
        history = new RecordedHistory().verified("stampede3", "jdoe", NOW.minusSeconds(60), 41);
        journal.interrupted(7, true, false);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(WEEKLY, row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void removeAndResetRowsAreDoneWhateverEarlierRunsFound() {
        history = new RecordedHistory().verified("stampede3", "jdoe", NOW.minusSeconds(60), 41)
                .verified("stampede3", "kwong", NOW.minusSeconds(60), 41);
        tapis.credential("stampede3", "jdoe").credential("stampede3", "kwong");

        RowOutcome removed = run(WEEKLY, row(1, "jdoe", "stampede3", Action.REMOVE));
        RowOutcome reset = run(WEEKLY, row(2, "kwong", "stampede3", Action.RESET));

        assertThat(List.of(removed.outcome(), reset.outcome())).containsExactly(Outcome.REMOVED, Outcome.RESET);
    }

    @Test
    void aDryRunOnlyChecksAndSaysWhatARealRunWouldDo() {
        tapis.credential("stampede3", "jdoe").credential("stampede3", "kwong");
        Provisioner dry = new Provisioner(tapis, journal, history, systems, retrying, PacedCalls.unpaced(),
                Clock.fixed(NOW, ZoneOffset.UTC), new ProvisioningOptions(true, true, false, ReverifySchedule.ALWAYS));

        RowOutcome present = dry.provision(row(1, "jdoe", "stampede3", Action.ESTABLISH));
        RowOutcome missing = dry.provision(row(2, "asmith", "stampede3", Action.ESTABLISH));
        RowOutcome notTms = dry.provision(row(3, "asmith", "community", Action.ESTABLISH));
        RowOutcome remove = dry.provision(row(4, "kwong", "stampede3", Action.REMOVE));
        RowOutcome removeNothing = dry.provision(row(5, "nobody", "stampede3", Action.REMOVE));
        RowOutcome reset = dry.provision(row(6, "jdoe", "stampede3", Action.RESET));
        RowOutcome resetNotTms = dry.provision(row(7, "jdoe", "community", Action.RESET));

        assertThat(List.of(present, missing, notTms, remove, removeNothing, reset, resetNotTms))
                .extracting(RowOutcome::outcome)
                .containsExactly(Outcome.ALREADY_PRESENT, Outcome.WOULD_CREATE, Outcome.NOT_TMS, Outcome.WOULD_REMOVE,
                        Outcome.WOULD_REMOVE, Outcome.WOULD_RESET, Outcome.NOT_TMS);
        assertThat(remove.message()).contains("a credential is stored");
        assertThat(removeNothing.message()).contains("nothing is stored");
        assertThat(missing.message()).isEqualTo("no credential is stored; a real run would create TMS keys");
        assertThat(tapis.calls).allMatch(call -> call.startsWith("check") || call.startsWith("getSystem"));
        assertThat(tapis.credentials).containsExactlyInAnyOrder("stampede3/jdoe", "stampede3/kwong");
        assertThat(journal.createSentFor(2)).isFalse();
    }
}
