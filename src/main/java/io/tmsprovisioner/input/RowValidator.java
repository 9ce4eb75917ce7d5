package io.tmsprovisioner.input;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The rules a row must pass before anything is sent to Tapis. */
final class RowValidator {

    private static final NameRule USERNAME = new NameRule("username", 60, TapisNames.USER_NAME_PUNCTUATION,
            "a Tapis user name");
    private static final NameRule SYSTEM_ID = new NameRule("system_id", 80, TapisNames.SYSTEM_ID_PUNCTUATION,
            "a Tapis system id");

    private final Action defaultAction;

    RowValidator(Action defaultAction) {
        this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
    }

    /**
     * Judges one row from its trimmed cells: VALID, or REJECTED with the first problem found.
     * Control characters are checked first so that later messages can quote the values safely.
     */
    InputRow validate(long lineNumber, String username, String systemId, String actionCell) {
        Optional<Action> action = resolveAction(actionCell);
        Optional<String> problem = Stream.<Supplier<String>>of(
                        () -> controlCharacter("username", username),
                        () -> controlCharacter("system_id", systemId),
                        () -> controlCharacter("action", actionCell),
                        () -> USERNAME.problem(username),
                        () -> SYSTEM_ID.problem(systemId),
                        () -> action.isEmpty() ? "action '" + CellText.safe(actionCell) + "' is not one of establish, remove, reset" : null)
                .map(Supplier::get)
                .filter(Objects::nonNull)
                .findFirst();
        if (problem.isEmpty()) {
            return InputRow.valid(lineNumber, username, systemId, action.get());
        }
        return InputRow.rejected(lineNumber, CellText.safe(username), CellText.safe(systemId), action.orElse(null), problem.get());
    }

    /**
     * Why a system id could not be a row's, or null when it could: for system ids given apart from
     * the rows (see {@link UsersBySystems}), judged as a {@code system_id} cell is.
     */
    static String systemIdProblem(String systemId) {
        String control = controlCharacter("system_id", systemId);
        return control != null ? control : SYSTEM_ID.problem(systemId);
    }

    /** The row's own action, the default for an empty cell, or empty when the cell is not an action. */
    private Optional<Action> resolveAction(String cell) {
        if (cell.isEmpty()) {
            return Optional.of(defaultAction);
        }
        // Action.parse trims with String.trim, which would forgive control characters at the ends.
        return CellText.firstControl(cell) >= 0 ? Optional.empty() : Action.parse(cell);
    }

    private static String controlCharacter(String field, String value) {
        int c = CellText.firstControl(value);
        return c < 0 ? null : field + " contains a control character (" + CellText.describe(c) + ")";
    }

    /** Length and character rules of one Tapis name: letters, digits and its {@code punctuation} ({@link TapisNames}). */
    private record NameRule(String field, int maxLength, String punctuation, String what) {

        String problem(String value) {
            if (value.isEmpty()) {
                return field + " is empty";
            }
            if (value.codePointCount(0, value.length()) > maxLength) {
                return field + " is longer than " + maxLength + " characters";
            }
            if (value.chars().allMatch(c -> c == '.')) {
                return field + " '" + value + "' is made only of dots, which HTTP libraries read as a path step ('..' = go up)";
            }
            return value.codePoints()
                    .filter(c -> !TapisNames.allowed(c, punctuation))
                    .mapToObj(c -> String.format("%s '%s' has a character not allowed in %s (%s); allowed: letters, digits, %s",
                            field, value, what, CellText.describe(c), String.join(" ", punctuation.split(""))))
                    .findFirst()
                    .orElse(null);
        }
    }
}
