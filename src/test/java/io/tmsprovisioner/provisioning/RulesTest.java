package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.CredentialCheck.Status;
import io.tmsprovisioner.tapis.SystemInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules as decisions, without a Tapis: each test walks a row from what is known of it at the start, giving each
 * step the answer the test scripts, and looks at the steps the rules took and the result they came to.
 */
class RulesTest {
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");
    private static final SystemInfo TMS = new SystemInfo("stampede3", "TMS_KEYS", true, "LINUX", "s3.example.org");
    private static final SystemInfo PASSWORD = new SystemInfo("community", "PASSWORD", true, "LINUX", "c.example.org");
    private static final SystemInfo STATIC_USER = new SystemInfo("shared", "TMS_KEYS", false, "LINUX", "sh.example.org");
    private static final CredentialCheck VALID = new CredentialCheck(Status.VALID, null, "ok");
    private static final CredentialCheck MISSING = new CredentialCheck(Status.MISSING, "SYSLIB_CRED_NOT_FOUND",
            "SYSLIB_CRED_NOT_FOUND no credential");
    private static final CredentialCheck INVALID = new CredentialCheck(Status.INVALID, "SYSLIB_CRED_VALID_FAIL",
            "SYSLIB_CRED_VALID_FAIL refused");
    private static final CredentialCheck UNREACHABLE = new CredentialCheck(Status.UNREACHABLE,
            "SYSLIB_CRED_CONN_FAIL", "SYSLIB_CRED_CONN_FAIL no route");
    private static final PriorAttempts INTERRUPTED_CREATE = new PriorAttempts(true, true, false, null);
    private static final ProvisioningOptions DRY_RUN = new ProvisioningOptions(true, true, false,
            ReverifySchedule.ALWAYS);
    private static final String RESET_CREATE_FAILED = "credential removed, but creating new TMS keys failed: ";

    /** The answers a walk gives the steps; a step it has no answer for is a wrong turn. */
    private record Answers(boolean listed, SystemInfo system, boolean hostGivenUp, CredentialCheck check,
                           CredentialCheck lostAnswerFound, CredentialCheck verification) {
        static Answers of(SystemInfo system, CredentialCheck check) {
            return new Answers(false, system, false, check, null, VALID);
        }

        Answers withHostGivenUp() {
            return new Answers(listed, system, true, check, lostAnswerFound, verification);
        }

        Answers withListing() {
            return new Answers(true, system, hostGivenUp, check, lostAnswerFound, verification);
        }

        Answers createAnswerLost(CredentialCheck found) {
            return new Answers(listed, system, hostGivenUp, check, found, verification);
        }

        Answers verifiedAs(CredentialCheck answer) {
            return new Answers(listed, system, hostGivenUp, check, lostAnswerFound, answer);
        }
    }

    /** The steps the rules took, the last one Done. */
    private record Walk(List<Step> steps) {
        Result result() {
            return ((Step.Done) steps.get(steps.size() - 1)).result();
        }

        List<Class<?>> kinds() {
            return steps.stream().<Class<?>>map(Object::getClass).toList();
        }

        Step step(Class<? extends Step> kind) {
            return steps.stream().filter(kind::isInstance).findFirst().orElseThrow();
        }
    }

    private static Walk walk(Known known, Answers answers) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Step step = Rules.next(known);
            steps.add(step);
            if (step instanceof Step.Done) {
                return new Walk(steps);
            }
            known = answered(known, step, answers);
        }
        throw new AssertionError("no result after " + steps);
    }

    private static Known answered(Known known, Step step, Answers answers) {
        if (step instanceof Step.AskListing) {
            return known.withListed(answers.listed());
        }
        if (step instanceof Step.GetSystem) {
            return known.withSystem(answers.system(), answers.hostGivenUp());
        }
        if (step instanceof Step.Check || step instanceof Step.CheckEarlierCreate) {
            return known.withCheck(answers.check());
        }
        if (step instanceof Step.Remove) {
            return known.withRemoved();
        }
        if (step instanceof Step.Create) {
            return known.withCreated(new RowCalls.Created(answers.lostAnswerFound()));
        }
        if (step instanceof Step.Verify) {
            return known.withVerification(answers.verification());
        }
        throw new AssertionError("unexpected step " + step);
    }

    private static Known known(Action action) {
        return known(InputRow.valid(7, "jdoe", "stampede3", action), PriorAttempts.NONE, ProvisioningOptions.DEFAULTS,
                PairHistory.NONE);
    }

    private static Known known(Action action, ProvisioningOptions options) {
        return known(InputRow.valid(7, "jdoe", "stampede3", action), PriorAttempts.NONE, options, PairHistory.NONE);
    }

    private static Known known(Action action, PriorAttempts prior) {
        return known(InputRow.valid(7, "jdoe", "stampede3", action), prior, ProvisioningOptions.DEFAULTS,
                PairHistory.NONE);
    }

    private static Known known(InputRow row, PriorAttempts prior, ProvisioningOptions options, PairHistory history) {
        return Known.of(row, prior, options, history, NOW);
    }

    // establish

    @Test
    void establishLeavesAPresentCredentialAlone() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.AskListing.class, Step.GetSystem.class, Step.Check.class,
                Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.ALREADY_PRESENT,
                "credential exists and Tapis validated it"));
    }

    @Test
    void establishCreatesMissingKeysAndVerifiesThem() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, MISSING));

        assertThat(walk.kinds()).containsExactly(Step.AskListing.class, Step.GetSystem.class, Step.Check.class,
                Step.Create.class, Step.Verify.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.CREATED, "credential was missing; TMS keys created"));
        assertThat(walk.step(Step.Create.class).failureContext()).isEmpty();
    }

    @Test
    void newKeysTheHostRefusesAreKeysRefused() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, MISSING).verifiedAs(INVALID));

        assertThat(walk.result().outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(walk.result().httpStatus()).isEqualTo(401);
        assertThat(walk.result().message()).startsWith("TMS keys created and stored, but the host refuses them");
    }

    @Test
    void withoutVerificationNewKeysAreNotChecked() {
        Walk walk = walk(known(Action.ESTABLISH, new ProvisioningOptions(false, false, false,
                ReverifySchedule.ALWAYS)), Answers.of(TMS, MISSING));

        assertThat(walk.kinds()).doesNotContain(Step.Verify.class);
        assertThat(walk.result().message()).isEqualTo("credential was missing; TMS keys created; "
                + Provisioner.NOT_VERIFIED);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsVerifiedByTheCheckThatFoundItsKeys() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, MISSING).createAnswerLost(VALID));

        assertThat(walk.kinds()).doesNotContain(Step.Verify.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.CREATED, "credential was missing; TMS keys created "
                + "(the answer was lost; a check found them stored)"));
    }

    @Test
    void aRefusedKeyIsReplacedOnce() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, INVALID));

        assertThat(walk.kinds()).contains(Step.Create.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.CREATED,
                "the host refused the stored credential; new TMS keys created in its place"));
    }

    @Test
    void aRefusedKeyWhoseReplacementWasRefusedBeforeGetsNoNewKeys() {
        Instant before = Instant.parse("2026-11-20T02:00:00Z");
        PairHistory history = new RecordedHistory().keysRefused("stampede3", "jdoe", before);
        Known known = known(InputRow.valid(7, "jdoe", "stampede3", Action.ESTABLISH), PriorAttempts.NONE,
                ProvisioningOptions.DEFAULTS, history);

        Walk walk = walk(known, Answers.of(TMS, INVALID));

        assertThat(walk.kinds()).doesNotContain(Step.Create.class);
        assertThat(walk.result().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(walk.result().message()).startsWith("the host refuses the stored key, as it refused the TMS keys "
                + "created for this user on " + before);

        Known replacing = known(InputRow.valid(7, "jdoe", "stampede3", Action.ESTABLISH), PriorAttempts.NONE,
                new ProvisioningOptions(false, true, true, ReverifySchedule.ALWAYS), history);
        assertThat(walk(replacing, Answers.of(TMS, INVALID)).kinds()).contains(Step.Create.class);
    }

    @Test
    void anUnreachableHostChangesNothing() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, UNREACHABLE));

        assertThat(walk.kinds()).doesNotContain(Step.Create.class);
        assertThat(walk.result()).isEqualTo(new Result(Outcome.FAILED, 401, "SYSLIB_CRED_CONN_FAIL",
                "a credential is stored, and Tapis could not reach the host of stampede3 to verify it "
                        + "(SYSLIB_CRED_CONN_FAIL): nothing can be concluded, so nothing was changed; HTTP 401: "
                        + "SYSLIB_CRED_CONN_FAIL no route"));
    }

    @Test
    void aHostGivenUpIsNotChecked() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, VALID).withHostGivenUp());

        assertThat(walk.kinds()).containsExactly(Step.AskListing.class, Step.GetSystem.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.hostGivenUp("stampede3", ""));
    }

    @Test
    void aHostGivenUpIsCheckedOnceWhenAnEarlierAttemptMayHaveCreatedKeys() {
        Walk stored = walk(known(Action.ESTABLISH, INTERRUPTED_CREATE), Answers.of(TMS, UNREACHABLE).withHostGivenUp());
        assertThat(stored.kinds()).containsExactly(Step.GetSystem.class, Step.Check.class, Step.Done.class);
        assertThat(stored.result().outcome()).isEqualTo(Outcome.UNVERIFIED);
        assertThat(stored.result().message()).startsWith("TMS keys created and stored by an earlier, interrupted "
                + "attempt; not verified: Tapis could not reach the host");

        Walk nothing = walk(known(Action.ESTABLISH, INTERRUPTED_CREATE), Answers.of(TMS, MISSING).withHostGivenUp());
        assertThat(nothing.kinds()).containsExactly(Step.GetSystem.class, Step.Check.class, Step.Done.class);
        assertThat(nothing.result()).isEqualTo(new Result(Outcome.FAILED, null, "SYSLIB_CRED_CONN_FAIL",
                "the create of an earlier, interrupted attempt stored no keys; host unreachable in this run (Tapis "
                        + "could not reach the host of stampede3 5 times in a row), so no new keys were sent"));
    }

    @Test
    void aSystemThatTakesNoTmsKeysGetsNone() {
        assertThat(walk(known(Action.ESTABLISH), Answers.of(PASSWORD, MISSING)).result()).isEqualTo(Result.of(
                Outcome.NOT_TMS, "no valid credential, and the system's default authentication is PASSWORD, not "
                        + "TMS_KEYS: nothing created"));
        Walk staticUser = walk(known(Action.ESTABLISH), Answers.of(STATIC_USER, MISSING));
        assertThat(staticUser.kinds()).doesNotContain(Step.Create.class);
        assertThat(staticUser.result().tapisCode()).isEqualTo("SYSLIB_CRED_TMS_KEYS_NOT_ALLOWED");
    }

    @Test
    void aPairTheListingNamesIsPresentWithoutACheck() {
        Walk walk = walk(known(Action.ESTABLISH), Answers.of(TMS, MISSING).withListing());

        assertThat(walk.kinds()).containsExactly(Step.AskListing.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.ALREADY_PRESENT, CredentialListing.REGISTERED));
    }

    @Test
    void aPairFoundWorkingRecentlyIsPassedOverUntilItsTurn() {
        PairHistory history = new RecordedHistory().verified("stampede3", "jdoe", NOW.minus(Duration.ofHours(1)), 41);
        ProvisioningOptions weekly = new ProvisioningOptions(false, true, false,
                ReverifySchedule.every(Duration.ofDays(7)));
        InputRow row = InputRow.valid(7, "jdoe", "stampede3", Action.ESTABLISH);

        Walk walk = walk(known(row, PriorAttempts.NONE, weekly, history), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.Done.class);
        assertThat(walk.result().outcome()).isEqualTo(Outcome.RECENTLY_VERIFIED);
        assertThat(walk.result().message()).startsWith("found working on 2026-11-29T01:00:00Z (execution 41)");
        // an earlier attempt of the row may have changed the pair since
        Walk resumed = walk(known(row, new PriorAttempts(true, false, false, null), weekly, history),
                Answers.of(TMS, VALID));
        assertThat(resumed.result().outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
    }

    @Test
    void anEarlierInterruptedCreateIsCheckedNotRepeated() {
        Walk walk = walk(known(Action.ESTABLISH, INTERRUPTED_CREATE), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.GetSystem.class, Step.Check.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.CREATED,
                "TMS keys created by an earlier, interrupted attempt"));
    }

    @Test
    void anEarlierCreateThatLeftNothingStoredIsSentAgain() {
        Walk walk = walk(known(Action.ESTABLISH, INTERRUPTED_CREATE), Answers.of(TMS, MISSING));

        assertThat(walk.kinds()).containsExactly(Step.GetSystem.class, Step.Check.class, Step.Create.class,
                Step.Verify.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.CREATED, "credential was missing; TMS keys created"));
    }

    // remove

    @Test
    void removeRemovesWithoutAsking() {
        Walk walk = walk(known(Action.REMOVE), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.Remove.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.REMOVED, "credential removed"));
    }

    @Test
    void aDepartedPairsRemoveSaysWhy() {
        Known known = known(InputRow.departed(7, "jdoe", "stampede3"), PriorAttempts.NONE,
                ProvisioningOptions.DEFAULTS, PairHistory.NONE);

        assertThat(walk(known, Answers.of(TMS, VALID)).result().message())
                .isEqualTo("left the roster: credential removed");
    }

    // reset

    @Test
    void resetRemovesThenCreatesAndVerifies() {
        Walk walk = walk(known(Action.RESET), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.GetSystem.class, Step.Remove.class, Step.Create.class,
                Step.Verify.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.RESET, "credential removed and new TMS keys created"));
        assertThat(walk.step(Step.Remove.class).failureContext()).isEmpty();
        assertThat(walk.step(Step.Create.class).failureContext()).isEqualTo(RESET_CREATE_FAILED);
        assertThat(walk.step(Step.Verify.class).failureContext()).isEqualTo(RESET_CREATE_FAILED);
    }

    @Test
    void resetRemovesNothingWhereItCouldNotCreate() {
        Walk notTms = walk(known(Action.RESET), Answers.of(PASSWORD, VALID));
        assertThat(notTms.kinds()).containsExactly(Step.GetSystem.class, Step.Done.class);
        assertThat(notTms.result()).isEqualTo(Result.of(Outcome.NOT_TMS,
                "the system's default authentication is PASSWORD, not TMS_KEYS: nothing removed"));

        Walk staticUser = walk(known(Action.RESET), Answers.of(STATIC_USER, VALID));
        assertThat(staticUser.kinds()).containsExactly(Step.GetSystem.class, Step.Done.class);
        assertThat(staticUser.result().message()).startsWith("nothing removed: Tapis creates TMS keys only on systems");

        Walk givenUp = walk(known(Action.RESET), Answers.of(TMS, VALID).withHostGivenUp());
        assertThat(givenUp.result()).isEqualTo(Result.hostGivenUp("stampede3", ""));
    }

    @Test
    void aResetWhoseEarlierAttemptRemovedTheCredentialSaysSoWhenItsHostIsGivenUp() {
        Walk removed = walk(known(Action.RESET, new PriorAttempts(true, false, true, null)),
                Answers.of(TMS, VALID).withHostGivenUp());
        assertThat(removed.kinds()).as("the remove is not sent again (Provisioner), and no create is sent")
                .containsExactly(Step.GetSystem.class, Step.Remove.class, Step.Done.class);
        assertThat(removed.result()).isEqualTo(new Result(Outcome.FAILED, null, "SYSLIB_CRED_CONN_FAIL",
                RESET_CREATE_FAILED + "host unreachable in this run (Tapis could not reach the host of stampede3 5 "
                        + "times in a row), so no new keys were sent"));

        Walk created = walk(known(Action.RESET, INTERRUPTED_CREATE), Answers.of(TMS, UNREACHABLE).withHostGivenUp());
        assertThat(created.kinds()).containsExactly(Step.GetSystem.class, Step.CheckEarlierCreate.class,
                Step.Done.class);
        assertThat(created.result().outcome()).isEqualTo(Outcome.UNVERIFIED);

        Walk createdNothing = walk(known(Action.RESET, INTERRUPTED_CREATE), Answers.of(TMS, MISSING).withHostGivenUp());
        assertThat(createdNothing.kinds()).containsExactly(Step.GetSystem.class, Step.CheckEarlierCreate.class,
                Step.Done.class);
        assertThat(createdNothing.result().message()).startsWith(RESET_CREATE_FAILED + "host unreachable");
    }

    @Test
    void aResetAfterAnInterruptedCreateChecksWhatItLeft() {
        Walk stored = walk(known(Action.RESET, INTERRUPTED_CREATE), Answers.of(TMS, INVALID));
        assertThat(stored.kinds()).containsExactly(Step.GetSystem.class, Step.CheckEarlierCreate.class,
                Step.Done.class);
        assertThat(stored.result().outcome()).isEqualTo(Outcome.KEYS_REFUSED);
        assertThat(stored.result().message()).startsWith("credential removed; TMS keys created and stored by an "
                + "earlier, interrupted attempt, but the host refuses them");

        Walk nothing = walk(known(Action.RESET, INTERRUPTED_CREATE), Answers.of(TMS, MISSING));
        assertThat(nothing.kinds()).containsExactly(Step.GetSystem.class, Step.CheckEarlierCreate.class,
                Step.Create.class, Step.Verify.class, Step.Done.class);
        assertThat(nothing.result().outcome()).isEqualTo(Outcome.RESET);
    }

    // dry runs: the same decisions, up to the row's change

    @Test
    void aDryRunSaysWhatItWouldCreate() {
        Walk missing = walk(known(Action.ESTABLISH, DRY_RUN), Answers.of(TMS, MISSING));
        assertThat(missing.kinds()).containsExactly(Step.AskListing.class, Step.GetSystem.class, Step.Check.class,
                Step.Done.class);
        assertThat(missing.result()).isEqualTo(Result.of(Outcome.WOULD_CREATE,
                "no credential is stored; a real run would create TMS keys"));

        assertThat(walk(known(Action.ESTABLISH, DRY_RUN), Answers.of(TMS, INVALID)).result()).isEqualTo(Result.of(
                Outcome.WOULD_CREATE, "the stored credential does not work on the host; a real run would create "
                        + "TMS keys"));
        assertThat(walk(known(Action.ESTABLISH, DRY_RUN), Answers.of(TMS, VALID)).result().outcome())
                .isEqualTo(Outcome.ALREADY_PRESENT);
    }

    @Test
    void aDryRunsRemoveSaysWhatIsStored() {
        Walk walk = walk(known(Action.REMOVE, DRY_RUN), Answers.of(TMS, INVALID));
        assertThat(walk.kinds()).containsExactly(Step.GetSystem.class, Step.Check.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.WOULD_REMOVE,
                "a credential is stored (invalid); a real run would remove whatever is stored"));

        Walk givenUp = walk(known(Action.REMOVE, DRY_RUN), Answers.of(TMS, INVALID).withHostGivenUp());
        assertThat(givenUp.kinds()).containsExactly(Step.GetSystem.class, Step.Done.class);
        assertThat(givenUp.result().message()).startsWith("the system's host was unreachable in this run");
    }

    @Test
    void aDryRunsResetStopsAtTheSystem() {
        Walk walk = walk(known(Action.RESET, DRY_RUN), Answers.of(TMS, VALID));

        assertThat(walk.kinds()).containsExactly(Step.GetSystem.class, Step.Done.class);
        assertThat(walk.result()).isEqualTo(Result.of(Outcome.WOULD_RESET,
                "the system uses TMS_KEYS; a real run would remove the credential and create new keys"));
        assertThat(walk(known(Action.RESET, DRY_RUN), Answers.of(PASSWORD, VALID)).result().outcome())
                .isEqualTo(Outcome.NOT_TMS);
    }

    @Test
    void noStepOfADryRunChangesTapis() {
        for (Action action : Action.values()) {
            for (CredentialCheck check : List.of(VALID, MISSING, INVALID, UNREACHABLE)) {
                assertThat(walk(known(action, DRY_RUN), Answers.of(TMS, check)).steps())
                        .noneMatch(Step::partOfChange);
            }
        }
    }
}
