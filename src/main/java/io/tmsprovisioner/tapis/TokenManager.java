package io.tmsprovisioner.tapis;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token all threads share. Logs in lazily, renews ahead of expiry, and renews after a
 * rejection one thread at a time: a thread whose token was already replaced by another thread
 * just takes the new one instead of logging in again.
 */
final class TokenManager {
    private static final Logger log = LoggerFactory.getLogger(TokenManager.class);

    private final TapisCredentials credentials;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    /** Null until the first login; read without the lock on the common path. */
    private volatile AccessToken current;

    TokenManager(TapisCredentials credentials, TokenEndpoint endpoint, Clock clock) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.clock = clock;
        this.current = credentials instanceof TapisCredentials.Token token ? AccessToken.fixed(token.jwt()) : null;
    }

    AccessToken current() {
        AccessToken token = current;
        if (token != null && !token.dueForRenewal(clock.instant())) {
            return token;
        }
        synchronized (this) {
            if (current == null || current.dueForRenewal(clock.instant())) {
                current = login();
            }
            return current;
        }
    }

    /**
     * A token to repeat a call with, after Tapis refused {@code rejected}.
     *
     * @param securityCode Tapis's {@code TAPIS_SECURITY_*} code, or null
     * @throws TapisAuthenticationException when the token is fixed and cannot be renewed
     */
    AccessToken renewAfterRejection(AccessToken rejected, String securityCode) {
        synchronized (this) {
            if (current != rejected) {
                return current;
            }
            if (!(credentials instanceof TapisCredentials.Login)) {
                throw new TapisAuthenticationException("Tapis rejected the access token (" + describe(securityCode)
                        + "); set a fresh TAPIS_TOKEN or use TAPIS_USERNAME/TAPIS_PASSWORD");
            }
            log.info("Tapis rejected the access token ({}); logging in again", describe(securityCode));
            current = login();
            return current;
        }
    }

    /** For a token Tapis refused right after it was renewed: renewing again would not help. */
    TapisAuthenticationException rejectedAfterRenewal(String securityCode) {
        return new TapisAuthenticationException("Tapis rejected a newly issued access token (" + describe(securityCode)
                + "); check the account and that the base URL is the right tenant");
    }

    private AccessToken login() {
        TapisCredentials.Login login = (TapisCredentials.Login) credentials;
        AccessToken token = endpoint.login(login);
        log.debug("Logged in to Tapis as {}; renewing at {}", login.username(), token.renewAt());
        return token;
    }

    private static String describe(String securityCode) {
        return securityCode != null ? securityCode : "HTTP 401 without a TAPIS_SECURITY_ code";
    }
}
