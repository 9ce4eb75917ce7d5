package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A transient failure: Tapis could not be reached, its answer was lost (I/O error, timeout, dropped
 * connection), or it answered 500, 502, 503 or 504. (A 429 never gets here: the transport waits it out,
 * or stops the run with a {@link TapisOutageException}.) The client repeats such a call itself only once, when
 * it met a pooled connection the server had closed and was not sent whole or is a read; otherwise a layer above
 * decides whether and when to, guided by {@link #mayHaveTakenEffect()} and {@link #retryAfter()}.
 *
 * <p>The message names method, path and status only: never a token, password or query.
 */
public class TapisUnavailableException extends RuntimeException {
    private final int httpStatus;
    private final CallEffect effect;
    private final Duration retryAfter;

    /** No answer at all: whether the call took effect is unknown, so it may have, or may still. */
    public TapisUnavailableException(String message, Throwable cause) {
        this(message, cause, 0, CallEffect.MAY_STILL_TAKE_EFFECT, null);
    }

    /**
     * @param httpStatus the HTTP status of the answer, or 0 when there was none
     * @param effect     what Tapis may have done with the call
     * @param retryAfter how long Tapis asked us to wait ({@code Retry-After}); null when it did not say
     */
    public TapisUnavailableException(String message, Throwable cause, int httpStatus, CallEffect effect,
            Duration retryAfter) {
        super(message, cause);
        if (httpStatus < 0 || retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("httpStatus and retryAfter must not be negative");
        }
        this.httpStatus = httpStatus;
        this.effect = Objects.requireNonNull(effect, "effect");
        this.retryAfter = retryAfter;
    }

    /** The HTTP status of Tapis's answer; 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * True when Tapis may have carried the call out: a lost answer or a gateway's 502 or 504 (for reads too),
     * a service's 500 to a create or remove. Only creates act on it: repeating one risks minting a second key
     * pair, while reads and removes are safe to repeat. False when Tapis cannot have acted (it said so with
     * 503, a 500 to a read, a login's failure, or the request never reached it).
     */
    public boolean mayHaveTakenEffect() {
        return effect.mayHaveTakenEffect();
    }

    /** Whether the request never reached Tapis: a repeat is not another try of the call. */
    public boolean neverSent() {
        return effect == CallEffect.NOT_SENT;
    }

    /** What Tapis may have done with the call; see {@link CallEffect}. */
    public CallEffect effect() {
        return effect;
    }

    /** The wait Tapis asked for in {@code Retry-After} (never negative); empty when it asked for none or the header was unusable. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
