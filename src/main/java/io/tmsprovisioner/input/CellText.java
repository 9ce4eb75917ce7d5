package io.tmsprovisioner.input;

/** Small text helpers shared by header mapping and row validation. */
final class CellText {

    /** Longest value (in code points) echoed back for a rejected row or in a message. */
    static final int MAX_SHOWN = 100;

    private CellText() {
    }

    /**
     * Trims spaces and tabs only: {@link String#trim()} would also drop control characters at the
     * ends, hiding them from validation.
     */
    static String trim(String cell) {
        int start = 0;
        int end = cell.length();
        while (start < end && isSpace(cell.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(cell.charAt(end - 1))) {
            end--;
        }
        return cell.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Safe to print or store: control characters become U+FFFD, long text is cut with "…". */
    static String safe(String text) {
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (count++ == MAX_SHOWN) {
                return shown.append('…').toString();
            }
            int c = text.codePointAt(i);
            shown.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c);
        }
        return shown.toString();
    }

    /** A character as a reader can tell it apart: quoted when printable ASCII, else its code point. */
    static String describe(int codePoint) {
        return codePoint >= ' ' && codePoint <= '~'
                ? "'" + (char) codePoint + "'"
                : String.format("U+%04X", codePoint);
    }

    /** The first ISO control character in the text, or -1. */
    static int firstControl(String text) {
        return text.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
    }
}
