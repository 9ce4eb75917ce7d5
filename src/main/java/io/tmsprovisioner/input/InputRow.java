package io.tmsprovisioner.input;

/**
 * One data line of the input file, already judged: {@link Verdict#VALID} rows go to Tapis, the
 * others are recorded with {@code reason} and never sent.
 *
 * @param lineNumber the 1-based physical line where the row starts in the file
 * @param action     the effective action (the row's own or the default); null when the row's action cell is unknown
 * @param reason     why the row is not VALID; null for VALID rows
 */
public record InputRow(long lineNumber, String username, String systemId, Action action, Verdict verdict, String reason) {

    public enum Verdict { VALID, REJECTED, DUPLICATE }

    public static InputRow valid(long lineNumber, String username, String systemId, Action action) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.VALID, null);
    }

    public static InputRow rejected(long lineNumber, String username, String systemId, Action action, String reason) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.REJECTED, reason);
    }

    public static InputRow duplicate(long lineNumber, String username, String systemId, Action action, String reason) {
        return new InputRow(lineNumber, username, systemId, action, Verdict.DUPLICATE, reason);
    }
}
