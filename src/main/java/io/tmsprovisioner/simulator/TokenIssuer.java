package io.tmsprovisioner.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues JWT-looking access tokens and judges them as the gateway does: nginx asks the site router whether a token
 * is revoked, then the service's JWT filter checks it. The simulator recognises tokens by their exact text, so
 * anything it did not issue (or a tampered copy) is invalid without real signatures. Thread-safe.
 */
final class TokenIssuer {

    /** A fresh access token. */
    record Issued(String accessToken, String jti, Instant expiresAt, long expiresInSeconds) {
    }

    /** The JWT filter's verdict on an {@code X-Tapis-Token} header. */
    sealed interface Verdict permits Accepted, Refused {
    }

    record Accepted(String username) implements Verdict {
    }

    /** @param message the plain-text 401 body, starting with a {@code TAPIS_SECURITY_*} code */
    record Refused(String message) implements Verdict {
    }

    /** What the issuer keeps of an access token it issued: whose, until when, and its serial (see {@link #expireAll}). */
    private record IssuedToken(String username, Instant expiresAt, long serial) {
    }

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = base64url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");

    private final Clock clock;
    private final Duration lifetime;
    private final String tenant;
    private final Random random;
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    /** Tokens with a serial up to this one count as expired since {@link #expiredAt}, whatever the clock says. */
    private volatile long expiredThroughSerial;
    private volatile Instant expiredAt;
    /** Tokens with a serial up to this one are revoked. */
    private volatile long revokedThroughSerial;
    private volatile boolean revocationCheckFailing;

    TokenIssuer(Clock clock, Duration lifetime, String tenant, long seed) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.tenant = tenant;
        this.random = new Random(seed);
    }

    Issued issue(String username) {
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        String jti = new UUID(random.nextLong(), random.nextLong()).toString();
        String access = jwt(username, jti, expiresAt);
        accessTokens.put(access, new IssuedToken(username, expiresAt, serials.incrementAndGet()));
        return new Issued(access, jti, expiresAt, lifetime.toSeconds());
    }

    /**
     * nginx's {@code auth_request} to the site router, for a call that carries a token: true when the token is
     * revoked, or when the check itself fails (the site router reads its Redis failing as "revoked").
     */
    boolean revocationRefuses(String header) {
        if (header == null || header.isEmpty()) {
            return false;
        }
        IssuedToken token = accessTokens.get(header.strip());
        return revocationCheckFailing || token != null && token.serial() <= revokedThroughSerial;
    }

    /**
     * The account an access token was issued to, whether or not it is still valid (expired and revoked ones too);
     * empty for no header or a token not issued here. For counting who sent a call, not for letting it through.
     */
    Optional<String> holder(String header) {
        if (header == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(accessTokens.get(header.strip())).map(IssuedToken::username);
    }

    /** The service's JWT filter ({@code JWTValidateRequestFilter}) on a call of the given HTTP method. */
    Verdict verify(String method, String header) {
        if (header == null || header.isBlank()) {
            return new Refused(TapisMessages.fill("TAPIS_SECURITY_MISSING_JWT_INFO", method));
        }
        String text = header.strip();
        IssuedToken token = accessTokens.get(text);
        if (token == null) {
            long periods = text.chars().filter(c -> c == '.').count();
            String error = periods == 2 ? TapisMessages.fill("JJWT_BAD_SIGNATURE")
                    : TapisMessages.fill("JJWT_MALFORMED", periods);
            return new Refused(TapisMessages.fill("TAPIS_SECURITY_JWT_PARSE_ERROR", error));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expired = token.serial() <= expiredThroughSerial ? expiredAt : token.expiresAt();
        if (!now.isBefore(expired)) {
            String claims = TapisMessages.fill("JWT_CLAIMS", issuer(), token.username() + "@" + tenant, tenant,
                    token.username(), "user");
            String jjwt = TapisMessages.fill("JJWT_EXPIRED", expired, now, Duration.between(expired, now).toMillis());
            return new Refused(TapisMessages.fill("TAPIS_SECURITY_JWT_EXPIRED", jjwt, claims));
        }
        return new Accepted(token.username());
    }

    /** Every token issued so far counts as expired from now on. */
    void expireAll() {
        expiredAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        expiredThroughSerial = serials.get();
    }

    /** Every token issued so far is revoked. */
    void revokeIssued() {
        revokedThroughSerial = serials.get();
    }

    void setRevocationCheckFailing(boolean failing) {
        revocationCheckFailing = failing;
    }

    private String issuer() {
        return "https://" + tenant + ".tapis.io/v3/tokens";
    }

    private String jwt(String username, String jti, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        claims.put("iss", issuer());
        claims.put("sub", username + "@" + tenant);
        claims.put("tapis/tenant_id", tenant);
        claims.put("tapis/token_type", "access");
        claims.put("tapis/username", username);
        claims.put("tapis/account_type", "user");
        claims.put("exp", expiresAt.getEpochSecond());
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        return HEADER + "." + base64url(JsonMapper.shared().writeValueAsString(claims)) + "."
                + BASE64URL.encodeToString(signature);
    }

    private static String base64url(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
