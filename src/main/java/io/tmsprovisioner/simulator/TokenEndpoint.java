package io.tmsprovisioner.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v3/oauth2/tokens}: the Authenticator's password and refresh-token grants (see
 * {@code docs/tapis-api.md}, "Create (login)" and "Refresh").
 */
final class TokenEndpoint {

    private final CredentialStore store;
    private final TokenIssuer tokens;

    TokenEndpoint(CredentialStore store, TokenIssuer tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    Reply handle(String contentType, byte[] body) {
        Map<String, String> fields;
        try {
            fields = fields(contentType, body);
        } catch (IllegalArgumentException e) {
            return Reply.json(400, "TAPIS_AUTH_BAD_REQUEST Invalid request body: " + e.getMessage());
        }
        String grantType = fields.get("grant_type");
        if ("password".equals(grantType)) {
            String username = fields.get("username");
            String password = fields.get("password");
            if (username == null || password == null) {
                return Reply.json(400, "TAPIS_AUTH_BAD_REQUEST The password grant needs username and password.");
            }
            return issue(store.authenticate(username, password).map(SimulatorState.Account::username),
                    "TAPIS_AUTH_INVALID_CREDENTIALS Invalid username or password.");
        }
        if ("refresh_token".equals(grantType)) {
            String refreshToken = fields.get("refresh_token");
            if (refreshToken == null) {
                return Reply.json(400, "TAPIS_AUTH_BAD_REQUEST The refresh_token grant needs refresh_token.");
            }
            return issue(tokens.refreshTokenOwner(refreshToken),
                    "TAPIS_AUTH_INVALID_REFRESH_TOKEN Invalid or unknown refresh token.");
        }
        return Reply.json(400, "TAPIS_AUTH_BAD_REQUEST grant_type must be password or refresh_token.");
    }

    private Reply issue(Optional<String> username, String refusal) {
        if (username.isEmpty()) {
            return Reply.json(401, refusal);
        }
        TokenIssuer.Issued issued = tokens.issue(username.get());
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("access_token", issued.accessToken());
        access.put("expires_at", issued.expiresAt().toString());
        access.put("expires_in", issued.expiresInSeconds());
        access.put("jti", issued.jti());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("access_token", access);
        result.put("refresh_token", Map.of("refresh_token", issued.refreshToken()));
        return Reply.json(201, "TAPIS_AUTH_TOKEN_CREATED Token created successfully.", result);
    }

    /** The request's string fields, from a form or a JSON object; IllegalArgumentException when unreadable. */
    private static Map<String, String> fields(String contentType, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
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
