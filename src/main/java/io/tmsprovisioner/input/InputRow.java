package io.tmsprovisioner.input;

/**
 * One data line of the input file, already judged: {@link Verdict#VALID} rows go to Tapis, the
 * others are recorded with {@code reason} and never sent.
 *
 * @param lineNumber the 1-based physical line where the row starts in the file
 * @param action     the effective action (the row's own or the default); null when the row's action cell is unknown
 * @param reason     why the row is not VALID; for a VALID row, null, or why a row the file does not hold is done
 *                   ({@link #departed})
 */
public record InputRow(long lineNumber, String username, String systemId, Action action, Verdict verdict, String reason) {

    public enum Verdict { VALID, REJECTED, DUPLICATE }

    public static InputRow valid(long lineNumber, String username, String systemId, Action action) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.VALID, null);
    }

    /** Why a {@link #departed} row is done. */
    public static final String LEFT_THE_ROSTER = "left the roster";

    /**
     * A remove that a sync adds after the file's rows: the file no longer lists the pair, whose credential an
     * earlier run of the same roster created.
     */
    public static InputRow departed(long lineNumber, String username, String systemId) {
        return new InputRow(lineNumber, username, systemId, Action.REMOVE, Verdict.VALID, LEFT_THE_ROSTER);
    }

    public static InputRow rejected(long lineNumber, String username, String systemId, Action action, String reason) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.REJECTED, reason);
    }

    public static InputRow duplicate(long lineNumber, String username, String systemId, Action action, String reason) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.DUPLICATE, reason);
    }
}
