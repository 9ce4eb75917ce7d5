package io.tmsprovisioner.tapis;

import java.util.Optional;

/**
 * What a JWT may hold: base64url parts separated by dots, so {@code [A-Za-z0-9_.-]}. Anything else (a
 * byte order mark, a no-break space, a line break from a token file) cannot go into an HTTP header,
 * and OkHttp's complaint about it would quote the whole token.
 */
public final class JwtText {

    private JwtText() {
    }

    /**
     * The first character a JWT cannot hold, told by code point, name and position (counted from 1),
     * e.g. {@code U+FEFF (ZERO WIDTH NO-BREAK SPACE) at position 1}; never any of the token's own characters.
     *
     * @return empty when every character is one a JWT holds
     */
    public static Optional<String> firstInvalidCharacter(String token) {
        int position = 1;
        for (int i = 0; i < token.length(); i += Character.charCount(token.codePointAt(i)), position++) {
            int c = token.codePointAt(i);
            if (!isJwtCharacter(c)) {
                String name = Character.getName(c);
                return Optional.of(String.format("U+%04X%s at position %d", c, name == null ? "" : " (" + name + ")",
                        position));
            }
        }
        return Optional.empty();
    }

    private static boolean isJwtCharacter(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
    }
}
