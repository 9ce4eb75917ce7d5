package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.tmsprovisioner.input.InputRow.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RowValidationTest {

    private final RowValidator validator = new RowValidator(Action.ESTABLISH);

    private String reason(String username, String systemId, String action) {
        InputRow row = validator.validate(5, username, systemId, action);
        assertThat(row.verdict()).isEqualTo(Verdict.REJECTED);
        return row.reason();
    }

    @Test
    void validRowKeepsItsValuesAndLine() {
        assertThat(validator.validate(5, "a.b_c-d@e.org", "sys.1_x-Y", "remove"))
                .isEqualTo(InputRow.valid(5, "a.b_c-d@e.org", "sys.1_x-Y", Action.REMOVE));
    }

    @Test
    void emptyActionTakesTheDefault() {
        assertThat(validator.validate(1, "u", "s", "").action()).isEqualTo(Action.ESTABLISH);
        assertThat(new RowValidator(Action.RESET).validate(1, "u", "s", "").action()).isEqualTo(Action.RESET);
    }

    @ParameterizedTest
    @CsvSource({"REMOVE, REMOVE", "Reset, RESET", "establish, ESTABLISH"})
    void rowActionIsCaseInsensitiveAndOverridesTheDefault(String cell, Action expected) {
        assertThat(validator.validate(1, "u", "s", cell)).isEqualTo(InputRow.valid(1, "u", "s", expected));
    }

    @Test
    void unknownActionIsRejectedWithNoAction() {
        InputRow row = validator.validate(3, "u", "s", "delete");
        assertThat(row).isEqualTo(InputRow.rejected(3, "u", "s", null, "action 'delete' is not one of establish, remove, reset"));
    }

    @Test
    void emptyNames() {
        assertThat(reason("", "s", "")).isEqualTo("username is empty");
        assertThat(reason("u", "", "")).isEqualTo("system_id is empty");
    }

    @Test
    void usernameLengthBoundaryIs60() {
        assertThat(validator.validate(1, "u".repeat(60), "s", "").verdict()).isEqualTo(Verdict.VALID);
        assertThat(reason("u".repeat(61), "s", "")).isEqualTo("username is longer than 60 characters");
    }

    @Test
    void systemIdLengthBoundaryIs80() {
        assertThat(validator.validate(1, "u", "s".repeat(80), "").verdict()).isEqualTo(Verdict.VALID);
        assertThat(reason("u", "s".repeat(81), "")).isEqualTo("system_id is longer than 80 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "..."})
    void namesMadeOnlyOfDotsAreRejected(String dots) {
        assertThat(reason(dots, "s", "")).isEqualTo(
                "username '" + dots + "' is made only of dots, which HTTP libraries read as a path step ('..' = go up)");
        assertThat(reason("u", dots, "")).isEqualTo(
                "system_id '" + dots + "' is made only of dots, which HTTP libraries read as a path step ('..' = go up)");
    }

    @Test
    void dotsWithinANameAreFine() {
        assertThat(validator.validate(1, "..a", "b..", "").verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void usernameCharacterNotAllowed() {
        assertThat(reason("jo hn", "s", "")).isEqualTo(
                "username 'jo hn' has a character not allowed in a Tapis user name (' '); allowed: letters, digits, . _ - @");
        assertThat(reason("../tenants", "s", "")).isEqualTo(
                "username '../tenants' has a character not allowed in a Tapis user name ('/'); allowed: letters, digits, . _ - @");
    }

    @Test
    void nonAsciiCharactersAreShownByCodePoint() {
        assertThat(reason("josé", "s", "")).isEqualTo(
                "username 'josé' has a character not allowed in a Tapis user name (U+00E9); allowed: letters, digits, . _ - @");
        assertThat(reason("a\u00A0b", "s", "")).contains("(U+00A0)");
        assertThat(reason("x\uD83D\uDE00", "s", "")).contains("(U+1F600)");
    }

    @Test
    void systemIdDoesNotAllowAtSign() {
        assertThat(reason("u", "sys@x", "")).isEqualTo(
                "system_id 'sys@x' has a character not allowed in a Tapis system id ('@'); allowed: letters, digits, . _ -");
    }

    @Test
    void controlCharactersInAnyFieldAreRejected() {
        assertThat(reason("jo\u0000hn", "s", "")).isEqualTo("username contains a control character (U+0000)");
        assertThat(reason("u", "sys\u0007", "")).isEqualTo("system_id contains a control character (U+0007)");
        assertThat(reason("u", "s", "remove\n")).isEqualTo("action contains a control character (U+000A)");
        assertThat(reason("u\u0085", "s", "")).isEqualTo("username contains a control character (U+0085)");
        assertThat(reason("u\tv", "s", "")).isEqualTo("username contains a control character (U+0009)");
    }

    @Test
    void actionWithControlCharacterHasNoAction() {
        // Action.parse would forgive it (String.trim drops it); a control character is never an action.
        assertThat(validator.validate(1, "u", "s", "remove\u0007").action()).isNull();
    }

    @Test
    void checksRunInOrderControlEmptyLengthDotsCharactersAction() {
        assertThat(reason("", "s\u0001", "")).startsWith("system_id contains a control character");
        assertThat(reason("", "s", "x\u0001")).startsWith("action contains a control character");
        assertThat(reason("", "s", "bogus")).isEqualTo("username is empty");
        assertThat(reason(".".repeat(61), "s", "")).isEqualTo("username is longer than 60 characters");
        assertThat(reason("u u", "..", "")).startsWith("username 'u u' has a character");
        assertThat(reason("u", "s s", "bogus")).startsWith("system_id 's s' has a character");
        assertThat(reason("u", "s", "bogus")).startsWith("action 'bogus'");
    }

    @Test
    void rejectedRowKeepsAnActionThatWasUnderstood() {
        assertThat(validator.validate(1, "", "s", "reset").action()).isEqualTo(Action.RESET);
        assertThat(validator.validate(1, "", "s", "").action()).isEqualTo(Action.ESTABLISH);
    }

    @Test
    void rejectedValuesAreMadeSafe() {
        InputRow row = validator.validate(9, "bad\u0007\u001Bname", "x".repeat(150), "");
        assertThat(row.username()).isEqualTo("bad\uFFFD\uFFFDname");
        assertThat(row.systemId()).isEqualTo("x".repeat(100) + "…");
    }

    @Test
    void rejectedValuesOfExactly100AreNotCut() {
        InputRow row = validator.validate(9, "", "y".repeat(100), "");
        assertThat(row.systemId()).isEqualTo("y".repeat(100));
    }

    @Test
    void longUnknownActionIsCutInTheReason() {
        assertThat(reason("u", "s", "z".repeat(120)))
                .isEqualTo("action '" + "z".repeat(100) + "…' is not one of establish, remove, reset");
    }
}
