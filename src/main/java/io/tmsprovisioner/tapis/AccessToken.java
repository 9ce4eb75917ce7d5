package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.time.Instant;

/**
 * A JWT in use, and when to replace it before Tapis starts refusing it.
 *
 * @param renewAt when to log in again ahead of expiry; null when the expiry is unknown (a fixed
 *                token, or a login answer without a usable {@code expires_at}): then renew only when refused
 */
record AccessToken(Secret jwt, Instant renewAt) {

    static final Duration RENEW_AHEAD = Duration.ofMinutes(5);

    static AccessToken fixed(Secret jwt) {
        return new AccessToken(jwt, null);
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
        return new AccessToken(jwt, ahead.isAfter(halfLife) ? ahead : halfLife);
    }

    boolean dueForRenewal(Instant now) {
        return renewAt != null && !now.isBefore(renewAt);
    }
}
