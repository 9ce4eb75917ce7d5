package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.time.Instant;

/**
 * A JWT in use, and when to replace it before Tapis starts refusing it.
 *
 * @param renewAt   when to log in again ahead of expiry; null when the expiry is unknown (a fixed
 *                  token, or a login answer without a usable {@code expires_at}): then renew only when refused
 * @param expiresAt when Tapis stops accepting it; null when unknown
 */
record AccessToken(Secret jwt, Instant renewAt, Instant expiresAt) {

    static final Duration RENEW_AHEAD = Duration.ofMinutes(5);
    /** The longest wait before trying again after a renewal ahead of expiry failed transiently. */
    static final Duration RETRY_RENEWAL_WITHIN = Duration.ofSeconds(30);

    static AccessToken fixed(Secret jwt) {
        return new AccessToken(jwt, null, null);
    }

    /**
     * Renew {@link #RENEW_AHEAD} before expiry, but not before half the lifetime has passed, so a
     * short-lived token does not cause a login for every call. An expiry already past means our
     * clock disagrees with Tapis's; trust Tapis to say when the token is refused.
     */
    static AccessToken issued(Secret jwt, Instant expiresAt, Instant now) {
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            return fixed(jwt);
        }
        Instant ahead = expiresAt.minus(RENEW_AHEAD);
        Instant halfLife = now.plus(Duration.between(now, expiresAt).dividedBy(2));
        return new AccessToken(jwt, ahead.isAfter(halfLife) ? ahead : halfLife, expiresAt);
    }

    boolean dueForRenewal(Instant now) {
        return renewAt != null && !now.isBefore(renewAt);
    }

    /** Whether Tapis may still accept it: it has not expired, as far as we know. */
    boolean stillUsable(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    /**
     * The same token, to be renewed again a little later: a quarter of its remaining life from now, at
     * most {@link #RETRY_RENEWAL_WITHIN}. For when a renewal ahead of expiry could not reach Tapis.
     */
    AccessToken renewLater(Instant now) {
        Duration remaining = expiresAt == null ? RETRY_RENEWAL_WITHIN : Duration.between(now, expiresAt).dividedBy(4);
        Duration wait = remaining.compareTo(RETRY_RENEWAL_WITHIN) < 0 ? remaining : RETRY_RENEWAL_WITHIN;
        return new AccessToken(jwt, now.plus(wait), expiresAt);
    }
}
