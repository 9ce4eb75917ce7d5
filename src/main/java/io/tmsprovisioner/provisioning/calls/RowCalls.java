package io.tmsprovisioner.provisioning.calls;

import io.tmsprovisioner.pacing.Waiter;
import io.tmsprovisioner.tapis.CallEffect;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.TapisOutageException;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes the Tapis calls of one row, retrying transient failures, and counts the retries for the row's
 * outcome. Not shared between rows.
 *
 * <p>A call is retried for {@link RetryPolicy#patience()} and {@link RetryPolicy#maxAttempts()} attempts, whichever
 * ends later. When a call's retries run out, one more question tells bad luck from an outage: does Tapis answer
 * anything at all ({@code tapisAnswers})? If it does, only this row is in trouble and it is FAILED; if
 * not, Tapis is down, and the job stops before marking row after row FAILED.
 */
public final class RowCalls {

    private final RetryPolicy policy;
    private final Waiter backoff;
    private final DoubleSupplier random;
    private final BooleanSupplier tapisAnswers;
    private final RunEnding stop;
    private final LongSupplier nanoTime;
    private int retries;
    private boolean gaveUp;

    RowCalls(RetryPolicy policy, Waiter backoff, DoubleSupplier random, BooleanSupplier tapisAnswers, RunEnding stop,
             LongSupplier nanoTime) {
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.backoff = backoff;
        this.random = random;
        this.tapisAnswers = tapisAnswers;
        this.stop = stop;
    }

    public int retries() {
        return retries;
    }

    /** Whether a call of the row was given up after transient failures while Tapis answered others. */
    public boolean gaveUp() {
        return gaveUp;
    }

    /** A call that is safe to repeat: a read, or a remove (removing twice leaves the same state). */
    public <T> T call(Supplier<T> call) {
        Failing failing = new Failing();
        while (true) {
            try {
                return call.get();
            } catch (TapisUnavailableException failure) {
                if (failing.failed(failure)) {
                    throw givenUp(failure, failing.tries);
                }
                pause(failure, failing.tries, Duration.ZERO);
            }
        }
    }

    /**
     * The failures of one call so far: the tries, the ones that count as attempts, and since when it fails. A
     * call is given up by {@link RetryPolicy#givesUp}, not by a count alone.
     */
    private final class Failing {
        private int tries;
        private int counted;
        private long since;

        /** Notes a failed try; whether the call is to be given up now. */
        boolean failed(TapisUnavailableException failure) {
            long now = nanoTime.getAsLong();
            if (tries++ == 0) {
                since = now;
            }
            if (policy.counts(failure.neverSent(), now - since)) {
                counted++;
            }
            return policy.givesUp(counted, now - since);
        }
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    /**
     * What a create that must not take effect twice came to.
     *
     * @param confirmation the check that found the create's keys stored after its answer was lost; null when
     *                     the create answered
     */
    public record Created(CredentialCheck confirmation) {
        public boolean answerWasLost() {
            return confirmation != null;
        }
    }

    /**
     * A call that must not take effect twice (a create mints keys each time). When its answer was lost after
     * it may have acted (no answer, a 500, a gateway's 502 or 504), {@code confirm} asks Tapis first, and the
     * call is repeated only if the check finds nothing stored. When the service may still be carrying it out
     * (the answer was lost, not refused), the check waits {@link RetryPolicy#lostCreateWait()} first, on the
     * last attempt too, so that it cannot see "nothing stored" before a slow create stores its keys.
     */
    public Created once(Runnable call, Supplier<CredentialCheck> confirm) {
        Failing failing = new Failing();
        while (true) {
            try {
                call.run();
                return new Created(null);
            } catch (TapisUnavailableException failure) {
                boolean lastAttempt = failing.failed(failure);
                Duration atLeast = failure.effect() == CallEffect.MAY_STILL_TAKE_EFFECT ? policy.lostCreateWait()
                        : Duration.ZERO;
                if (!lastAttempt) {
                    pause(failure, failing.tries, atLeast);
                } else if (!atLeast.isZero()) {
                    waitOrAbandon(failure, atLeast);
                }
                // the last attempt too: keys it stored must not end as a plain "Tapis unavailable"
                if (failure.mayHaveTakenEffect()) {
                    CredentialCheck check = call(confirm);
                    if (check.status() != CredentialCheck.Status.MISSING) {
                        return new Created(check);
                    }
                }
                if (lastAttempt) {
                    throw givenUp(failure, failing.tries);
                }
            }
        }
    }

    /** What ends a call whose attempts ran out: an outage when Tapis answers nothing else either, else this row's failure. */
    private RuntimeException givenUp(TapisUnavailableException failure, int attempts) {
        if (!tapisAnswers.getAsBoolean()) {
            return new TapisOutageException("Tapis is unavailable: a call failed " + attempts
                    + " attempts (last: " + failure.getMessage() + ") and Tapis answers nothing else either", failure);
        }
        gaveUp = true;
        return new RetriesExhaustedException(failure, attempts);
    }

    /** The backoff before try {@code tries + 1}, and at least {@code atLeast}; counted as a retry. */
    private void pause(TapisUnavailableException failure, int tries, Duration atLeast) {
        if (stop.isRaised()) {
            throw abandoned(failure);
        }
        retries++;
        RetryCounter.retried();
        Duration backoffDelay = policy.delayBefore(tries + 1, failure.retryAfter(), random);
        waitOrAbandon(failure, backoffDelay.compareTo(atLeast) >= 0 ? backoffDelay : atLeast);
    }

    /** Waits, unless the run is ending: then the row gives up instead. */
    private void waitOrAbandon(TapisUnavailableException failure, Duration delay) {
        if (stop.isRaised()) {
            throw abandoned(failure);
        }
        boolean waited;
        try {
            waited = backoff.pause(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
        if (!waited) {
            throw abandoned(failure);
        }
    }

    private static RowAbandonedException abandoned(TapisUnavailableException failure) {
        return new RowAbandonedException("The run is ending: the row gave up instead of retrying ("
                + failure.getMessage() + ")", failure);
    }

    /** A call of this row failed transiently every time it was tried. */
    public static final class RetriesExhaustedException extends RuntimeException {
        private final TapisUnavailableException last;
        private final int attempts;

        RetriesExhaustedException(TapisUnavailableException last, int attempts) {
            super(last.getMessage(), last);
            this.last = last;
            this.attempts = attempts;
        }

        /** The last try's failure. */
        public TapisUnavailableException last() {
            return last;
        }

        public int attempts() {
            return attempts;
        }
    }
}
