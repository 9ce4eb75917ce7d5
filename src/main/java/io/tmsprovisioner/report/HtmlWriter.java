package io.tmsprovisioner.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes an HTML page as it goes: markup the code wrote is passed as is ({@link #markup}), every
 * value goes through {@link #escape} ({@link #text}). Values from the repository are hostile: user
 * names come from input files, messages from Tapis.
 */
final class HtmlWriter {
    private final Writer out;

    /** Does not own {@code out}: closing it is the caller's. */
    HtmlWriter(Writer out) {
        this.out = out;
    }

    HtmlWriter markup(String markup) {
        try {
            out.write(markup);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the HTML report failed", e);
        }
        return this;
    }

    /** A value, escaped for element content and quoted attribute values alike; null writes nothing. */
    HtmlWriter text(Object value) {
        return value == null ? this : markup(escape(value.toString()));
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the HTML report failed", e);
        }
    }

    /**
     * The page's only escaping function. Quotes are escaped too so that the same text is safe inside
     * an attribute; control characters other than tab and line breaks (not allowed in HTML) become U+FFFD.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return escaped.toString();
    }
}
