package io.tmsprovisioner.tapis;

/**
 * Text from outside (Tapis's messages) made safe to store and to print: a NUL makes PostgreSQL refuse
 * the whole row, and an escape sequence rewrites the screen of whoever reads the report in a terminal.
 */
public final class PrintableText {
    private static final char ESC = '\u001B';
    /** The one-character form of ESC [ (C1 control). */
    private static final char CSI = '\u009B';

    private PrintableText() {
    }

    /**
     * Line breaks become spaces and tabs stay; every other C0 or C1 control becomes U+FFFD, and so does
     * a whole control sequence ({@code ESC [} or CSI, its parameters and its final character, ECMA-48),
     * so that no stray {@code [2J} is left. Null stays null.
     */
    public static String of(String text) {
        if (text == null || text.chars().noneMatch(c -> c != '\t' && Character.isISOControl(c))) {
            return text;
        }
        StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || !Character.isISOControl(c)) {
                printable.append(c);
            } else if (c == '\n' || c == '\r') {
                printable.append(' ');
            } else {
                printable.append('\uFFFD');
                if (c == CSI || c == ESC && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                    i = endOfControlSequence(text, c == ESC ? i + 2 : i + 1);
                }
            }
        }
        return printable.toString();
    }

    /** The index of the sequence's final character (or of its last character when it is cut short). */
    private static int endOfControlSequence(String text, int first) {
        int i = first;
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3F) {
            i++; // parameter and intermediate characters
        }
        return i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7E ? i : i - 1;
    }
}
