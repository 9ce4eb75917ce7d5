package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.tapis.TapisAuthenticationException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisionerTest {
    private static final Instant NOW = Instant.parse("2026-11-29T02:00:00Z");

    private final FakeTapis tapis = new FakeTapis()
            .system("stampede3", "TMS_KEYS")
            .system("community", "PASSWORD");
    private final MemoryJournal journal = new MemoryJournal();

    private RowOutcome run(InputRow row) {
        return new Provisioner(tapis, journal, Clock.fixed(NOW, ZoneOffset.UTC)).provision(row);
    }

    private static InputRow row(String user, String system, Action action) {
        return InputRow.valid(7, user, system, action);
    }

    @Test
    void establishLeavesAPresentCredentialAlone() {
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_PRESENT);
        assertThat(tapis.calls).containsExactly("check stampede3/jdoe");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.recordedAt()).isEqualTo(NOW);
        assertThat(outcome.lineNumber()).isEqualTo(7);
    }

    @Test
    void establishCreatesMissingKeysOnATmsSystem() {
        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(tapis.calls).containsExactly("check stampede3/jdoe", "getSystem stampede3", "create stampede3/jdoe");
        assertThat(journal.createSentFor(7)).isTrue();
    }

    @Test
    void establishCreatesNothingOnANonTmsSystemAndSaysSo() {
        RowOutcome outcome = run(row("jdoe", "community", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.NOT_TMS);
        assertThat(outcome.message()).contains("PASSWORD", "nothing created");
        assertThat(tapis.calls).containsExactly("check community/jdoe", "getSystem community");
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
        assertThat(outcome.tapisCode()).isEqualTo("SYSAPI_NOSYSTEM");
    }

    @Test
    void aHostCheckFailureOnCreateFailsTheRowWithTapisMessage() {
        tapis.refuse("create", 401, "SYSAPI_CRED_VALID_FAIL", "SYSAPI_CRED_VALID_FAIL host check failed");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(401);
        assertThat(outcome.message()).contains("host check failed");
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
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "create stampede3/jdoe");
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
        tapis.credential("stampede3", "jdoe").refuse("create", 400, "SYSLIB_CRED_TMS_KEYS_X", "SYSLIB_CRED_TMS_KEYS_X no");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.httpStatus()).isEqualTo(400);
        assertThat(outcome.message()).startsWith("credential removed, but creating new TMS keys failed: HTTP 400");
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
        journal.interrupted(7, true);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.ESTABLISH));

        assertThat(outcome.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(tapis.calls).containsExactly("check stampede3/jdoe");
    }

    @Test
    void aResumedRowWhoseCreateWasSentButDoesNotVerifyIsNeverCreatedTwice() {
        journal.interrupted(7, true);

        RowOutcome establish = run(row("jdoe", "stampede3", Action.ESTABLISH));
        RowOutcome reset = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(establish.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reset.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(establish.message()).contains("not creating again");
        assertThat(tapis.calls).noneMatch(call -> call.startsWith("create") || call.startsWith("remove"));
    }

    @Test
    void aResumedResetWhoseCreateWasSentOnlyVerifies() {
        journal.interrupted(7, true);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "check stampede3/jdoe");
    }

    @Test
    void aResumedRowThatSentNoCreateIsDoneNormally() {
        journal.interrupted(7, false);
        tapis.credential("stampede3", "jdoe");

        RowOutcome outcome = run(row("jdoe", "stampede3", Action.RESET));

        assertThat(outcome.outcome()).isEqualTo(Outcome.RESET);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(tapis.calls).containsExactly("getSystem stampede3", "remove stampede3/jdoe", "create stampede3/jdoe");
    }

    @Test
    void aRejectedTokenStopsTheRowInsteadOfFailingIt() {
        tapis.fail("check", new TapisAuthenticationException("Tapis rejected the access token (TAPIS_SECURITY_JWT_EXPIRED)"));

        assertThatThrownBy(() -> run(row("jdoe", "stampede3", Action.ESTABLISH)))
                .isInstanceOf(TapisAuthenticationException.class);
    }
}
