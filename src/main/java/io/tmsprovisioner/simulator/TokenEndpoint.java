package io.tmsprovisioner.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v3/oauth2/tokens}: the Authenticator's password grant, with its answers (contract page,
 * "Authentication"; contract-findings item 10). The simulated tenant allows that grant only, and no client id is
 * ever registered, so no refresh token is issued.
 */
final class TokenEndpoint {

    /** The tenant config's {@code allowable_grant_types}, as Python prints the list. */
    private static final String ALLOWED_GRANT_TYPES = "['password']";
    private static final DateTimeFormatter PYTHON_ISOFORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private final CredentialStore store;
    private final TokenIssuer tokens;

    TokenEndpoint(CredentialStore store, TokenIssuer tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    Reply handle(String contentType, byte[] body) {
        if (contentType == null) {
            // the Authenticator calls request.content_type.startswith(...) on None
            return Envelopes.authenticator(500, TapisMessages.fill("AUTH_UNRECOGNIZED_EXCEPTION",
                    "<class 'AttributeError'>", "'NoneType' object has no attribute 'startswith'"), null);
        }
        Map<String, String> fields;
        try {
            fields = fields(contentType, body);
        } catch (IllegalArgumentException e) {
            return refused(TapisMessages.fill("AUTH_INVALID_POST_DATA", "[" + e.getMessage() + "]"));
        }
        String grantType = fields.get("grant_type");
        if (grantType == null) {
            return refused(TapisMessages.fill("AUTH_MISSING_GRANT_TYPE"));
        }
        if (!"password".equals(grantType)) {
            return refused(TapisMessages.fill("AUTH_GRANT_NOT_ALLOWED", grantType, ALLOWED_GRANT_TYPES));
        }
        String username = fields.get("username");
        String password = fields.get("password");
        if (username == null || password == null) {
            return refused(TapisMessages.fill("AUTH_MISSING_USER_OR_PASSWORD"));
        }
        if (store.authenticate(username, password).isEmpty()) {
            return refused(TapisMessages.fill("AUTH_INVALID_PASSWORD"));
        }
        TokenIssuer.Issued issued = tokens.issue(username);
        // the 2025 Authenticator adds id_token, a copy of the access token (contract-findings item 10)
        Map<String, Object> access = Map.of("access_token", issued.accessToken(), "id_token", issued.accessToken(),
                "expires_at", isoformat(issued.expiresAt()), "expires_in", issued.expiresInSeconds(), "jti", issued.jti());
        return Envelopes.authenticator(200, TapisMessages.fill("AUTH_TOKEN_CREATED"), Map.of("access_token", access));
    }

    /** The Authenticator's answer when its call to the Tokens API fails: a 400, though it is transient. */
    static Reply tryLater() {
        return refused(TapisMessages.fill("AUTH_TRY_LATER"));
    }

    /** Every error the Authenticator raises itself ({@code ResourceError}) is a 400. */
    private static Reply refused(String message) {
        return Envelopes.authenticator(400, message, null);
    }

    /** Python's {@code datetime.isoformat()} of an aware UTC time with no fraction: {@code ...T16:00:00+00:00}. */
    private static String isoformat(Instant instant) {
        return PYTHON_ISOFORMAT.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The request's string fields, from a form or a JSON object; IllegalArgumentException when unreadable. */
    private static Map<String, String> fields(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = new HashMap<>();
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        Map<String, String> fields = new HashMap<>();
        // a non-string field counts as absent, so {"username": 5} is a 400 for a missing username
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (field.getValue().isString()) {
                fields.put(field.getKey(), field.getValue().stringValue());
            }
        }
        return fields;
    }
}
