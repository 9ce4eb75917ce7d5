package io.tmsprovisioner.tapis;

/**
 * What a call that failed transiently may have done at Tapis, which decides what repeating it risks. Only
 * creates care: each create mints a key pair. Reads and removes are repeated whatever it says.
 */
public enum CallEffect {
    /** Tapis did not act on the call: it said so (503, a refusal of our token). */
    NONE,
    /**
     * The request never reached Tapis (no connection, or it was not written whole), or the run ended its wait
     * before it was sent: repeating it is not a second try of the call.
     */
    NOT_SENT,
    /** Tapis answered after it may have acted (a service's 500 to a create or remove): it has finished either way. */
    MAY_HAVE_TAKEN_EFFECT,
    /**
     * The answer was lost (no answer, a timeout, a gateway's 502 or 504): the service may have acted, or may
     * still be working on the call and act later, since nginx waits up to an hour for it and does not stop it.
     */
    MAY_STILL_TAKE_EFFECT;

    public boolean mayHaveTakenEffect() {
        return this == MAY_HAVE_TAKEN_EFFECT || this == MAY_STILL_TAKE_EFFECT;
    }
}
