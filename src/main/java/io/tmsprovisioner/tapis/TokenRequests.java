package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The client's requests to {@code POST /v3/oauth2/tokens}: a login with the password grant. Neither request
 * nor answer body is ever logged. See {@code docs/tapis-api.md}, "Create (login)".
 */
final class TokenRequests {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final HttpUrl url;
    private final TapisTransport transport;
    private final Clock clock;

    TokenRequests(HttpUrl baseUrl, TapisTransport transport, Clock clock) {
        this.url = baseUrl.newBuilder().addPathSegments("v3/oauth2/tokens").build();
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * @param guard waits for the login's turn (a login changes nothing, so it is never asked before the send)
     * @throws TapisAuthenticationException when Tapis refuses the login (400, 401, 403) or the answer cannot be
     *                                      a token endpoint's; the message never holds the password
     * @throws TapisUnavailableException    when the login got no answer, 500/502/503/504, or the Authenticator's
     *                                      400 that says to try again later (never "may have taken effect"):
     *                                      worth trying again, the credentials were not refused
     */
    AccessToken login(TapisCredentials.Login login, SendGuard guard) {
        String body = TapisAnswer.JSON.writeValueAsString(TapisAnswer.JSON.createObjectNode()
                .put("username", login.username())
                .put("password", login.password().reveal())
                .put("grant_type", "password"));
        TapisAnswer answer = transport.send(new Request.Builder().url(url).post(RequestBody.create(body, JSON_TYPE)).build(),
                TapisEndpoint.TOKEN, guard);
        if (answer.asksToTryAgainLater()) {
            throw new TapisUnavailableException("Tapis could not issue a token for user '" + login.username()
                    + "' just now (" + withoutPassword(answer.describe(), login) + ")", null, answer.status(),
                    CallEffect.NONE, null);
        }
        if (answer.status() == 400 || answer.status() == 401 || answer.status() == 403) {
            throw new TapisAuthenticationException("Tapis refused the login of user '" + login.username() + "' ("
                    + withoutPassword(answer.describe(), login) + "); check TAPIS_USERNAME/TAPIS_PASSWORD");
        }
        if (!answer.isSuccess()) {
            throw new TapisAuthenticationException("Tapis answered the login of user '" + login.username()
                    + "' with HTTP " + answer.status() + " at " + url.encodedPath() + "; check that the base URL is "
                    + "the tenant's (e.g. https://designsafe.tapis.io)");
        }
        String jwt = answer.resultText("access_token", "access_token");
        if (jwt == null || jwt.isBlank()) {
            // The body holds the token if anything: never quote it.
            throw new TapisAuthenticationException("Tapis answered the login of user '" + login.username()
                    + "' with HTTP " + answer.status() + " but no result.access_token.access_token");
        }
        return AccessToken.issued(new Secret(jwt), expiresAt(answer), clock.instant());
    }

    private static Instant expiresAt(TapisAnswer answer) {
        String text = answer.resultText("access_token", "expires_at");
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException unusable) {
            return null; // then the token is renewed when Tapis refuses it
        }
    }

    /** Tapis is not known to echo passwords, but an error text is no place to find out. */
    private static String withoutPassword(String text, TapisCredentials.Login login) {
        String password = login.password().reveal();
        return password.isEmpty() ? text : text.replace(password, login.password().toString());
    }
}
