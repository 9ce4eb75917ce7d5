package io.tmsprovisioner.tapis;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer from Tapis, and the one place that reads meaning into status and body.
 *
 * <p>Answers are judged by HTTP status and message code only, never by the envelope's
 * {@code status} field: the service sets that to the reason phrase on errors.
 *
 * @param status   the HTTP status
 * @param text     the whole body as text
 * @param envelope the body when it is a Tapis JSON envelope (an object with a text {@code message}); else null
 */
record TapisAnswer(int status, String text, JsonNode envelope) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CRED_VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";
    private static final String SECURITY_CODE_PREFIX = "TAPIS_SECURITY_";
    /** What a Tapis code looks like; anything else in a plain-text body is not repeated in messages. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final int EXCERPT_LENGTH = 300;

    static TapisAnswer of(int status, String text) {
        return new TapisAnswer(status, text, parseEnvelope(text));
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The JSON 401 of the credential check: the user's credential is missing or does not work. */
    boolean isCredentialInvalid() {
        return status == 401 && envelope != null && CRED_VALID_FAIL.equals(code());
    }

    /**
     * The caller's own token was refused: the gateway's plain-text 401, or any 401 with a
     * {@code TAPIS_SECURITY_} code. Never to be read as "the user has no credential".
     */
    boolean isTokenRejected() {
        return status == 401 && (envelope == null || securityCode() != null);
    }

    /** The {@code TAPIS_SECURITY_*} code of a token rejection, from the envelope or the plain text; else null. */
    String securityCode() {
        String first = firstWord(envelope != null ? message() : text);
        return first != null && first.startsWith(SECURITY_CODE_PREFIX) && CODE.matcher(first).matches() ? first : null;
    }

    /** This answer as a refusal unless it is a success. */
    TapisAnswer requireSuccess() {
        if (!isSuccess()) {
            throw refusal();
        }
        return this;
    }

    TapisRefusalException refusal() {
        return envelope != null
                ? new TapisRefusalException(status, code(), message())
                : new TapisRefusalException(status, null, excerpt());
    }

    /** Status and Tapis's words, for messages that are not refusals (e.g. a failed login). */
    String describe() {
        return "HTTP " + status + ": " + (envelope != null ? message() : excerpt());
    }

    /** A text field inside {@code result}, following the given names; null when absent or not text. */
    String resultText(String... names) {
        if (envelope == null) {
            return null;
        }
        JsonNode node = envelope.path("result");
        for (String name : names) {
            node = node.path(name);
        }
        return node.isString() ? node.stringValue() : null;
    }

    /** The start of the body, for messages: error pages can be long. */
    String excerpt() {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "(empty body)";
        }
        return trimmed.length() <= EXCERPT_LENGTH ? trimmed : trimmed.substring(0, EXCERPT_LENGTH) + "…";
    }

    private String message() {
        return envelope.get("message").stringValue();
    }

    private String code() {
        return firstWord(message());
    }

    private static String firstWord(String s) {
        String[] words = s.strip().split("\\s+", 2);
        return words[0].isEmpty() ? null : words[0];
    }

    private static JsonNode parseEnvelope(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() && node.path("message").isString() ? node : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
