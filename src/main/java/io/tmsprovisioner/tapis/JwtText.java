package io.tmsprovisioner.tapis;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a JWT may hold: base64url parts separated by dots, so {@code [A-Za-z0-9_.-]}. Anything else (a
 * byte order mark, a no-break space, a line break from a token file) cannot go into an HTTP header,
 * and OkHttp's complaint about it would quote the whole token. Also whom a JWT names ({@link #subject}), read
 * without checking its signature: for the record of who ran a job, never to trust.
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

    /**
     * Whom a JWT was issued to, for the record of who ran an execution: Tapis's {@code tapis/username} claim, else
     * the standard {@code sub}. Read without checking the signature: it names, it does not authenticate.
     *
     * @return empty when the token's claims cannot be read or name no one; never any part of the token itself
     */
    public static Optional<String> subject(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = TapisAnswer.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return Optional.ofNullable(claims.get("tapis/username")).or(() -> Optional.ofNullable(claims.get("sub")))
                    .filter(JsonNode::isString).map(JsonNode::asString).filter(name -> !name.isBlank());
        } catch (RuntimeException unreadable) {
            // not a JWT we can read: its holder stays unnamed rather than a message quoting the token
            return Optional.empty();
        }
    }

    private static boolean isJwtCharacter(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
    }
}
