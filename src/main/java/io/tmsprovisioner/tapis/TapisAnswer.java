package io.tmsprovisioner.tapis;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer from Tapis, and the one place that reads meaning into status and body.
 *
 * <p>Answers are judged by HTTP status and message code only, never by the envelope's
 * {@code status} field: the service sets that to the reason phrase on errors. The rules are in
 * {@code docs/tapis-api.md}: "Answers: the envelope and how they are judged", "The two 401s" and
 * "Transient failures and lost answers".
 *
 * @param status   the HTTP status
 * @param text     the whole body as text
 * @param envelope the body when it is a Tapis JSON envelope (an object with a text {@code message}); else null
 * @param retryAfter the wait asked for in the {@code Retry-After} header, never negative; null when absent or unusable
 * @param retryAfterUnusable whether a {@code Retry-After} header was sent that could not be read
 */
record TapisAnswer(int status, String text, JsonNode envelope, Duration retryAfter, boolean retryAfterUnusable) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CRED_VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";
    private static final String SECURITY_CODE_PREFIX = "TAPIS_SECURITY_";
    /** What a Tapis code looks like; anything else in a plain-text body is not repeated in messages. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final int EXCERPT_LENGTH = 300;
    private static final Pattern DELTA_SECONDS = Pattern.compile("[0-9]{1,18}");

    /**
     * @param retryAfterHeader the {@code Retry-After} header as sent, or null
     * @param now              when the answer arrived, to turn an HTTP-date into a wait
     */
    static TapisAnswer of(int status, String text, String retryAfterHeader, Instant now) {
        Duration retryAfter = parseRetryAfter(retryAfterHeader, now);
        return new TapisAnswer(status, text, parseEnvelope(text), retryAfter,
                retryAfter == null && retryAfterHeader != null && !retryAfterHeader.isBlank());
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

    /** The answer of Tapis's verify step (a check, or a create that ran it), or else a refusal. */
    CredentialCheck credentialCheck() {
        if (isSuccess()) {
            return CredentialCheck.valid(message());
        }
        if (isCredentialInvalid()) {
            return CredentialCheck.failed(message());
        }
        throw refusal();
    }

    /** This answer as a refusal unless it is a success. */
    TapisAnswer requireSuccess() {
        if (!isSuccess()) {
            throw refusal();
        }
        return this;
    }

    /**
     * This answer as a transient failure of a call of the given kind, or null when it is not one
     * (a success, a refusal, a 401, a 429, which {@link TapisTransport} waits out itself). The one place
     * that decides what is worth trying again and whether it may have taken effect:
     * <ul>
     * <li>503: Tapis says it did not serve the call; it cannot have taken effect.
     * <li>500: the service failed while serving it. A create or remove may have done part of its work
     *     before (TMS minted a key, the secret write failed, nothing is rolled back): an answer that was
     *     lost, not a refusal. A read or a login changes nothing anyone depends on.
     * <li>502 and 504: a gateway may have passed the call on before failing, so it may have taken
     *     effect, a read's too (which only creates care about); except a login, whose failure changes nothing.
     * </ul>
     *
     * @param call method and path, for the message; never the query
     */
    TapisUnavailableException unavailable(String call, CallKind kind) {
        if (status != 500 && status != 502 && status != 503 && status != 504) {
            return null;
        }
        boolean mayHaveTakenEffect = switch (status) {
            case 500 -> kind == CallKind.WRITE;
            case 502, 504 -> kind != CallKind.LOGIN;
            default -> false;
        };
        String wait = retryAfter == null ? "" : "; Tapis asks to wait " + retryAfter.toSeconds() + " s";
        return new TapisUnavailableException("Tapis unavailable: " + describe(call, kind) + wait, null, status,
                mayHaveTakenEffect, retryAfter);
    }

    /** "{call} answered HTTP {status} {reason} ({Tapis's words})", for messages; never a login answer's words. */
    String describe(String call, CallKind kind) {
        // The token endpoint is no place to find out whether Tapis echoes passwords.
        String words = kind == CallKind.LOGIN ? "" : " (" + (envelope != null ? message() : excerpt()) + ")";
        return call + " answered HTTP " + status + " " + reason(status) + words;
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
        String trimmed = PrintableText.of(text).strip();
        if (trimmed.isEmpty()) {
            return "(empty body)";
        }
        return trimmed.length() <= EXCERPT_LENGTH ? trimmed : trimmed.substring(0, EXCERPT_LENGTH) + "…";
    }

    /** Tapis's message, code first, made printable; the body's excerpt when the answer is not an envelope. */
    String message() {
        if (envelope == null) {
            return excerpt();
        }
        JsonNode message = envelope.get("message");
        return message != null && message.isString() ? PrintableText.of(message.stringValue()) : "";
    }

    private String code() {
        return firstWord(message());
    }

    private static String firstWord(String s) {
        String[] words = s.strip().split("\\s+", 2);
        return words[0].isEmpty() ? null : words[0];
    }

    private static String reason(int status) {
        return switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /**
     * {@code Retry-After} is either delta-seconds or an HTTP-date (RFC 9110 section 10.2.3). A date
     * already past means "now". Anything else, including a number too large to be meant, is ignored.
     */
    static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (DELTA_SECONDS.matcher(value).matches()) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeException garbled) {
            return null;
        }
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
