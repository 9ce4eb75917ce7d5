package io.tmsprovisioner.tapis;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer from Tapis, and the one place that reads meaning into status and body.
 *
 * <p>Answers are judged by HTTP status and message code only, never by the envelope's
 * {@code status} field: the exception mapper sets that to the reason phrase. The rules are in
 * {@code docs/tapis-api.md}: "Answers: the envelope and how they are judged", "The 401s and the revoked
 * token" and "Transient failures and lost answers".
 *
 * @param status   the HTTP status
 * @param text     the whole body as text
 * @param envelope the body when it is a Tapis JSON envelope (an object with a text {@code message}); else null
 * @param retryAfter the wait asked for in the {@code Retry-After} header, never negative; null when absent or unusable
 * @param retryAfterUnusable whether a {@code Retry-After} header was sent that could not be read
 */
record TapisAnswer(int status, String text, JsonNode envelope, Duration retryAfter, boolean retryAfterUnusable) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** checkUserCredential: nothing is stored for the method (CredUtils throws it before any connection). */
    private static final String CRED_NOT_FOUND = "SYSLIB_CRED_NOT_FOUND";
    /** checkUserCredential: something is stored and the verify step failed; the reason follows "Message: ". */
    private static final String CRED_VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";
    /** A credential call's catch-all 500; the exception it caught follows "Error: ". */
    private static final String CRED_ERROR = "SYSAPI_CRED_ERROR";
    /** The system lookup every credential call starts with failed: nothing else was done. */
    private static final String CHECK_ERROR = "SYSAPI_CHECK_ERROR";
    private static final String TMS_KEYS_PREFIX = "SYSLIB_CRED_TMS_KEYS_";
    /** TMS answered something other than 2xx; its words follow (the template's text is not public). */
    private static final String TMS_HTTP_ERROR = "SYSLIB_CRED_TMS_KEYS_HTTP_ERR";
    /** TMS's 403 when its delegation, user-MFA and user-host records do not let the caller act (tms_server pubkeys_create.rs). */
    private static final String TMS_MISSING_DEPENDENCY = "Missing or expired dependency";
    /** TMS's own status, in the JSON body it answers with ({"result_code":"403",...}), which the message quotes. */
    private static final Pattern TMS_RESULT_CODE = Pattern.compile("\"result_code\"\\s*:\\s*\"([0-9]{3})\"");
    /** The authorization check inside the system lookup refused the caller: wrapped in a 500 SYSAPI_CHECK_ERROR. */
    private static final String UNAUTHORIZED = "SYSLIB_UNAUTH";
    /** Refusals of CredUtils before TMS is asked: repeating the create changes nothing. */
    private static final Set<String> TMS_REFUSALS = Set.of(SystemInfo.TMS_KEYS_NOT_ALLOWED,
            SystemInfo.TMS_KEYS_INVALID_SYS_TYPE, "SYSLIB_CRED_TMS_KEYS_NOT_CFG",
            "SYSLIB_CRED_TMS_KEYS_TENANT_NOT_ALLOWED", "SYSLIB_CRED_TMS_KEYS_BAD_ARG");
    private static final String VERIFY_REASON_MARK = " Message: ";
    private static final String CAUGHT_ERROR_MARK = " Error: ";
    /** nginx's error page for a token its site router calls revoked (tapis-deployer token-revoked.json). */
    private static final String TOKEN_REVOKED = "Token is revoked.";
    /** What the Authenticator says after a failure of its own (service/controllers.py). */
    private static final String TRY_AGAIN_LATER = "please try again later";
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

    /**
     * The caller's own token was refused: the JWT filter's plain-text 401, or any 401 with a
     * {@code TAPIS_SECURITY_} code. Never to be read as "the user has no credential".
     */
    boolean isTokenRejected() {
        return status == 401 && (envelope == null || securityCode() != null);
    }

    /**
     * nginx's {@code 500 "Token is revoked."}: its site router refused the token (or could not tell, when
     * its store failed) before any service saw the call, so nothing happened.
     */
    boolean isTokenRevoked() {
        return status == 500 && envelope != null && message().strip().equals(TOKEN_REVOKED);
    }

    /**
     * The Authenticator's {@code 400} for a failure of its own ("Failure to generate an access token; please
     * try again later."): it answers wrong passwords with 400 too, and only the words tell them apart.
     */
    boolean asksToTryAgainLater() {
        return status == 400 && message().toLowerCase(Locale.ROOT).contains(TRY_AGAIN_LATER);
    }

    /** The {@code TAPIS_SECURITY_*} code of a token rejection, from the envelope or the plain text; else null. */
    String securityCode() {
        String first = firstWord(envelope != null ? message() : text);
        return first != null && first.startsWith(SECURITY_CODE_PREFIX) && CODE.matcher(first).matches() ? first : null;
    }

    /**
     * The answer of {@code checkUserCredential}, or else a refusal: 2xx is VALID; the exception mapper's
     * 401 {@code SYSLIB_CRED_NOT_FOUND} is MISSING; the resource's 401 {@code SYSAPI_CRED_VALID_FAIL} is
     * read by the verify step's reason, the code after {@code Message: }.
     */
    CredentialCheck credentialCheck() {
        if (isSuccess()) {
            return new CredentialCheck(CredentialCheck.Status.VALID, null, message());
        }
        if (status == 401 && envelope != null && CRED_NOT_FOUND.equals(code())) {
            return new CredentialCheck(CredentialCheck.Status.MISSING, CRED_NOT_FOUND, message());
        }
        if (status == 401 && envelope != null && CRED_VALID_FAIL.equals(code())) {
            String reason = codeAfter(VERIFY_REASON_MARK);
            CredentialCheck.Status verdict = reason == null ? CredentialCheck.Status.UNDETERMINED : switch (reason) {
                case "SYSLIB_CRED_VALID_FAIL" -> CredentialCheck.Status.INVALID;
                case "SYSLIB_CRED_CONN_FAIL" -> CredentialCheck.Status.UNREACHABLE;
                // the stored secret is incomplete (a blank key): nothing usable is stored
                case CRED_NOT_FOUND -> CredentialCheck.Status.MISSING;
                default -> CredentialCheck.Status.UNDETERMINED;
            };
            return new CredentialCheck(verdict, reason, message());
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
     * (a success, a refusal, a 401, a 429, which {@link TapisTransport} waits out itself, or a revoked
     * token, which {@link TapisClient} renews). The one place that decides what is worth trying again and
     * what Tapis may have done:
     * <ul>
     * <li>503: Tapis says it did not serve the call.
     * <li>500: the service failed while serving it. A refusal wrapped in a 500 is not transient at all
     *     ({@code SYSAPI_CRED_ERROR} around a {@code SYSLIB_CRED_TMS_KEYS_*} refusal or TMS's 403, and
     *     {@code SYSAPI_CHECK_ERROR} around {@code SYSLIB_UNAUTH}). A 500 from the JWT filter (plain text,
     *     {@code TAPIS_SECURITY_JWT_KEY_ERROR}), a failed system lookup ({@code SYSAPI_CHECK_ERROR}) and TMS
     *     failing to mint did nothing. Any other 500 to a create or remove may have done part of its work (a key
     *     minted, then the store failed, with no rollback). A read or a login changes nothing anyone depends on.
     * <li>502 and 504: nginx may have passed the call on and the service may still act on it, a read's too
     *     (which only creates care about); except a login, whose failure changes nothing.
     * </ul>
     *
     * @param call method and path, for the message; never the query
     */
    TapisUnavailableException unavailable(String call, CallKind kind) {
        if (status != 500 && status != 502 && status != 503 && status != 504 || isTokenRevoked()
                || wrappedRefusal() != null) {
            return null;
        }
        CallEffect effect = switch (status) {
            case 500 -> kind == CallKind.WRITE && !didNothing() ? CallEffect.MAY_HAVE_TAKEN_EFFECT : CallEffect.NONE;
            case 502, 504 -> kind == CallKind.LOGIN ? CallEffect.NONE : CallEffect.MAY_STILL_TAKE_EFFECT;
            default -> CallEffect.NONE;
        };
        String wait = retryAfter == null ? "" : "; Tapis asks to wait " + retryAfter.toSeconds() + " s";
        return new TapisUnavailableException("Tapis unavailable: " + describe(call, kind) + wait, null, status,
                effect, retryAfter);
    }

    /**
     * The code of the refusal a 500 wraps; null when it wraps none. Systems' resources wrap the refusals of
     * {@code CredUtils} (TMS keys not allowed for the system's definition, nor configured for the tenant) and TMS's
     * own 403 in {@code SYSAPI_CRED_ERROR}, and the system lookup wraps a failed authorization check in
     * {@code SYSAPI_CHECK_ERROR}. Repeating the call changes nothing.
     */
    private String wrappedRefusal() {
        if (status != 500) {
            return null;
        }
        String code = code();
        String caught = codeAfter(CAUGHT_ERROR_MARK);
        if (caught == null || !CRED_ERROR.equals(code) && !CHECK_ERROR.equals(code)) {
            return null;
        }
        boolean refusal = CHECK_ERROR.equals(code) ? caught.equals(UNAUTHORIZED) : TMS_REFUSALS.contains(caught)
                || caught.equals(TMS_HTTP_ERROR) && tmsRefused();
        return refusal ? caught : null;
    }

    /** TMS answered a 4xx: its result code says so, or the words of its 403 do (the Systems text around them is not public). */
    private boolean tmsRefused() {
        Matcher resultCode = TMS_RESULT_CODE.matcher(message());
        return resultCode.find() ? resultCode.group(1).startsWith("4") : message().contains(TMS_MISSING_DEPENDENCY);
    }

    /**
     * A 500 whose words say nothing was done: the JWT filter answered it before any service, the system lookup
     * failed, or TMS did not mint.
     */
    private boolean didNothing() {
        if (securityCode() != null || CHECK_ERROR.equals(code())) {
            return true;
        }
        String caught = CRED_ERROR.equals(code()) ? codeAfter(CAUGHT_ERROR_MARK) : null;
        return caught != null && caught.startsWith(TMS_KEYS_PREFIX);
    }

    /** "{call} answered HTTP {status} {reason} ({Tapis's words})", for messages; never a login answer's words. */
    String describe(String call, CallKind kind) {
        // The token endpoint is no place to find out whether Tapis echoes passwords.
        String words = kind == CallKind.LOGIN ? "" : " (" + (envelope != null ? message() : excerpt()) + ")";
        return call + " answered HTTP " + status + " " + reason(status) + words;
    }

    /**
     * This answer as a refusal. A refusal inside a 500 is named by the refusal it wraps
     * ({@code SYSLIB_CRED_TMS_KEYS_...}, {@code SYSLIB_UNAUTH}), which is what an administrator acts on.
     */
    TapisRefusalException refusal() {
        if (envelope == null) {
            return new TapisRefusalException(status, null, excerpt());
        }
        String wrapped = wrappedRefusal();
        return new TapisRefusalException(status, wrapped != null ? wrapped : code(), message());
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

    /**
     * A true/false field of {@code result}: a JSON boolean, or its text, as Systems sends booleans when the
     * request names the fields it wants ({@code select}); null when absent or neither.
     */
    Boolean resultFlag(String name) {
        JsonNode node = envelope == null ? null : envelope.path("result").get(name);
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.isString() ? node.stringValue() : "";
        return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
    }

    /**
     * The items of a {@code result} that is a JSON array (a listing such as {@code getSystems}); null when the
     * answer is not an envelope or its {@code result} is not an array.
     */
    java.util.List<JsonNode> resultItems() {
        JsonNode result = envelope == null ? null : envelope.get("result");
        if (result == null || !result.isArray()) {
            return null;
        }
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        result.forEach(items::add);
        return items;
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

    /**
     * The code that follows the first {@code mark} in the message: where a template quotes another message
     * ({@code Message: {7}}, {@code Error: {7}}). The first one is the template's own: user and system names
     * cannot hold a colon or a space.
     */
    private String codeAfter(String mark) {
        String message = message();
        int at = message.indexOf(mark);
        String word = at < 0 ? null : firstWord(message.substring(at + mark.length()));
        return word != null && CODE.matcher(word).matches() ? word : null;
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
