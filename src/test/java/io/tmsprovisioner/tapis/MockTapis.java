package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.time.Instant;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * Answers shaped like the ones in docs/tapis-api.md ("Answers: the envelope and how they are judged", "The
 * 401s and the revoked token", "Create (login)"), for MockWebServer.
 */
final class MockTapis {
    static final String TOKEN_HEADER = "X-Tapis-Token";
    static final String TOKENS_PATH = "/v3/oauth2/tokens";
    static final String EXPIRED_TOKEN_TEXT = "TAPIS_SECURITY_JWT_EXPIRED JWT expired at 2025-01-01T00:00:00Z";

    private MockTapis() {
    }

    static OkHttpClient http() {
        return TestClients.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)).httpClient();
    }

    static String baseUrl(MockWebServer server) {
        return server.url("/").toString();
    }

    /** The envelope a Tapis resource builds: {@code status} is "success" or "error". */
    static MockResponse envelope(int code, String message) {
        return envelope(code, message, "null");
    }

    /** The envelope Tapis's exception mapper builds: {@code status} is the HTTP reason phrase. */
    static MockResponse mapperEnvelope(int code, String reasonPhrase, String message) {
        return json(code, "{\"result\":null,\"status\":\"" + reasonPhrase + "\",\"message\":\"" + message
                + "\",\"version\":\"1.8.2\",\"commit\":\"abc\",\"build\":\"x\",\"metadata\":null}");
    }

    static MockResponse envelope(int code, String message, String resultJson) {
        String status = code < 300 ? "success" : "error";
        return json(code, "{\"status\":\"" + status + "\",\"message\":\"" + message + "\",\"result\":" + resultJson
                + ",\"version\":\"1.8.2\",\"commit\":\"abc\",\"build\":\"x\",\"metadata\":{}}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse plainText(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/plain").body(body).build();
    }

    /** The gateway's answer to an expired JWT: plain text, not the envelope. */
    static MockResponse expiredToken() {
        return plainText(401, EXPIRED_TOKEN_TEXT);
    }

    /** A check of a pair with nothing stored: CredUtils throws it, the exception mapper answers. */
    static MockResponse credentialNotFound() {
        return mapperEnvelope(401, "Unauthorized", "SYSLIB_CRED_NOT_FOUND Credential not found for operation. "
                + "jwtTenant: t jwtUserId: admin OboTenant: t OboUser: admin Operation: checkUserCredential System: "
                + "sys1 SystemType: LINUX EffectiveUser: alice AuthnMethod: TMS_KEYS");
    }

    static MockResponse loginAnswer(String jwt) {
        return loginAnswer(jwt, "2099-01-01T00:00:00.000000+00:00");
    }

    static MockResponse loginAnswer(String jwt, Instant expiresAt) {
        return loginAnswer(jwt, expiresAt.toString());
    }

    private static MockResponse loginAnswer(String jwt, String expiresAt) {
        return envelope(200, "Token created", "{\"access_token\":{\"access_token\":\"" + jwt + "\",\"expires_at\":\""
                + expiresAt + "\",\"expires_in\":14400,\"jti\":\"j-1\"},\"refresh_token\":{\"refresh_token\":\"r-1\"}}");
    }
}
