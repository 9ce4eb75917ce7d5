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
 * Issues and judges JWT-looking tokens. The simulator recognises tokens by their exact text, so
 * anything it did not issue (or a tampered copy) is invalid without real signatures. Thread-safe.
 */
final class TokenIssuer {

    /** A fresh access token and the refresh token that can renew it. */
    record Issued(String accessToken, String jti, Instant expiresAt, long expiresInSeconds, String refreshToken) {
    }

    /** The outcome of judging an {@code X-Tapis-Token} header. */
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
    private final Random random;
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    /** Refresh tokens stay usable for the simulator's life: Tapis's live far longer than access tokens. */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicLong serials = new AtomicLong();
    /** Tokens with a serial up to this one count as expired whatever the clock says. */
    private volatile long expiredThroughSerial = 0;

    TokenIssuer(Clock clock, Duration lifetime, long seed) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.random = new Random(seed);
    }

    Issued issue(String username) {
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(lifetime);
        String jti = new UUID(random.nextLong(), random.nextLong()).toString();
        String access = jwt(username, "access", jti, expiresAt);
        String refresh = jwt(username, "refresh", new UUID(random.nextLong(), random.nextLong()).toString(), null);
        accessTokens.put(access, new IssuedToken(username, expiresAt, serials.incrementAndGet()));
        refreshTokens.put(refresh, username);
        return new Issued(access, jti, expiresAt, lifetime.toSeconds(), refresh);
    }

    /** The user a refresh token was issued to; empty if this simulator never issued it. */
    Optional<String> refreshTokenOwner(String refreshToken) {
        return Optional.ofNullable(refreshTokens.get(refreshToken));
    }

    Verdict verify(String header) {
        if (header == null || header.isBlank()) {
            return new Refused("TAPIS_SECURITY_MISSING_JWT No JWT was found in the X-Tapis-Token header.");
        }
        IssuedToken token = accessTokens.get(header.strip());
        if (token == null) {
            return new Refused("TAPIS_SECURITY_JWT_INVALID The JWT could not be parsed or its signature is not valid.");
        }
        if (token.serial() <= expiredThroughSerial || !clock.instant().isBefore(token.expiresAt())) {
            return new Refused("TAPIS_SECURITY_JWT_EXPIRED The JWT has expired. Expiry: " + token.expiresAt());
        }
        return new Accepted(token.username());
    }

    void expireAll() {
        expiredThroughSerial = serials.get();
    }

    /** @param expiresAt null for a token that does not expire */
    private String jwt(String username, String type, String jti, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("jti", jti);
        claims.put("iss", "https://sim.tapis.io/v3/tokens");
        claims.put("sub", username);
        claims.put("tapis/username", username);
        claims.put("tapis/token_type", type);
        if (expiresAt != null) {
            claims.put("exp", expiresAt.getEpochSecond());
        }
        byte[] signature = new byte[32];
        random.nextBytes(signature);
        return HEADER + "." + base64url(JsonMapper.shared().writeValueAsString(claims)) + "."
                + BASE64URL.encodeToString(signature);
    }

    private static String base64url(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
