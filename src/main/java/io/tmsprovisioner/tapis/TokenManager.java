package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token all threads share. Logs in lazily, renews ahead of expiry, and renews after a rejection
 * one thread at a time: a thread whose token was already replaced by another thread just takes the
 * new one instead of logging in again.
 *
 * <p>A login that fails transiently (no answer, 5xx) is not a refusal of the credentials. Ahead of
 * expiry the current token is kept and the renewal tried again a little later; when there is no token
 * to keep (the first login, an expired or rejected token) the failure is thrown as it is, for the
 * caller to retry like any transient failure. Threads that were waiting for the lock while another
 * thread's login failed get that failure too, instead of sending one login each. See
 * {@code docs/tapis-api.md}, "Renewal".
 */
final class TokenManager {
    private static final Logger log = LoggerFactory.getLogger(TokenManager.class);

    private final TapisCredentials credentials;
    private final TokenRequests requests;
    private final Clock clock;
    /** Null until the first login; read without the lock on the common path. */
    private volatile AccessToken current;
    /** Logins tried so far, and how the last one failed transiently (null if it did not): guarded by {@code this}. */
    private volatile long logins;
    private TapisUnavailableException lastFailure;

    TokenManager(TapisCredentials credentials, TokenRequests requests, Clock clock) {
        this.credentials = credentials;
        this.requests = requests;
        this.clock = clock;
        this.current = credentials instanceof TapisCredentials.Token token ? AccessToken.fixed(token.jwt()) : null;
    }

    /** @param guard how a login sent for it waits for its turn: the caller's (see {@link SendGuard#pause}) */
    AccessToken current(SendGuard guard) {
        AccessToken token = current;
        if (token != null && !token.dueForRenewal(clock.instant())) {
            return token;
        }
        long loginsSeen = logins;
        synchronized (this) {
            Instant now = clock.instant();
            if (current != null && !current.dueForRenewal(now)) {
                return current;
            }
            try {
                current = login(loginsSeen, guard);
            } catch (TapisUnavailableException | TapisOutageException notNow) {
                // an outage too (a Retry-After of an hour): the token still works, and the run's calls decide
                if (current == null || !current.stillUsable(now)) {
                    throw notNow;
                }
                current = current.renewLater(now);
                log.warn("Could not renew the Tapis token ahead of its expiry at {} ({}); keeping it and trying "
                        + "again at {}", current.expiresAt(), notNow.getMessage(), current.renewAt());
            }
            return current;
        }
    }

    /**
     * A token to repeat a call with, after Tapis refused {@code rejected}.
     *
     * @param refusal how the gateway refused it, for messages: a {@code TAPIS_SECURITY_*} code or the like
     * @param guard   how a login sent for it waits for its turn
     * @throws TapisAuthenticationException when the token is fixed and cannot be renewed
     * @throws TapisUnavailableException    when the login to renew it failed transiently
     */
    AccessToken renewAfterRejection(AccessToken rejected, String refusal, SendGuard guard) {
        long loginsSeen = logins;
        synchronized (this) {
            if (current != rejected) {
                return current;
            }
            if (!(credentials instanceof TapisCredentials.Login)) {
                throw new TapisAuthenticationException("Tapis rejected the access token (" + refusal
                        + "); set a fresh TAPIS_TOKEN or use TAPIS_USERNAME/TAPIS_PASSWORD");
            }
            log.info("Tapis rejected the access token ({}); logging in again", refusal);
            current = login(loginsSeen, guard);
            return current;
        }
    }

    /** For a token Tapis refused right after it was renewed: renewing again would not help. */
    TapisAuthenticationException rejectedAfterRenewal(String refusal) {
        return new TapisAuthenticationException("Tapis rejected a newly issued access token (" + refusal
                + "); check the account and that the base URL is the right tenant");
    }

    /**
     * Logs in, unless another thread's login failed transiently while this one waited for the lock (then
     * that failure is this thread's too). Called with the lock held.
     *
     * @param loginsSeen the number of logins tried when the caller started waiting
     */
    private AccessToken login(long loginsSeen, SendGuard guard) {
        if (logins != loginsSeen && lastFailure != null) {
            throw new TapisUnavailableException(lastFailure.getMessage(), lastFailure, lastFailure.httpStatus(),
                    CallEffect.NONE, lastFailure.retryAfter().orElse(null));
        }
        TapisCredentials.Login login = (TapisCredentials.Login) credentials;
        // a refusal or an outage is not shared: a waiting thread meets it by trying itself
        lastFailure = null;
        try {
            AccessToken token = requests.login(login, guard);
            log.debug("Logged in to Tapis as {}; renewing at {}", login.username(), token.renewAt());
            return token;
        } catch (TapisUnavailableException unavailable) {
            lastFailure = unavailable;
            throw unavailable;
        } finally {
            logins++;
        }
    }
}
