package io.tmsprovisioner.provisioning.calls;

import io.tmsprovisioner.pacing.Waiter;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** The retry settings of a run, shared by its threads; hands each row its own {@link RowCalls}. */
public final class Retrying {
    private final RetryPolicy policy;
    private final Waiter backoff;
    private final DoubleSupplier random;
    private final RunEnding stop;
    private final LongSupplier nanoTime;

    /** @param nanoTime how long a call has been failing is measured on it ({@link System#nanoTime()} but in tests) */
    public Retrying(RetryPolicy policy, Waiter backoff, DoubleSupplier random, RunEnding stop, LongSupplier nanoTime) {
        this.policy = policy;
        this.nanoTime = nanoTime;
        this.backoff = backoff;
        this.random = random;
        this.stop = stop;
    }

    /** For calls outside a run, such as the login before it: nothing stops them early. */
    public static Retrying with(RetryPolicy policy) {
        return with(policy, new RunEnding());
    }

    /** For the rows of a run: once {@code stop} is raised, a row gives up instead of waiting to retry. */
    public static Retrying with(RetryPolicy policy, RunEnding stop) {
        return new Retrying(policy, stop::pause, () -> ThreadLocalRandom.current().nextDouble(), stop, System::nanoTime);
    }

    /**
     * A call made outside any row, such as the login before a run: transient failures are retried as a
     * row's calls are, and when the attempts run out the last failure is thrown as it is.
     *
     * @throws TapisUnavailableException when every attempt failed transiently
     */
    public void retried(Runnable call) {
        try {
            forRow(() -> true).run(call);
        } catch (RowCalls.RetriesExhaustedException exhausted) {
            throw exhausted.last();
        }
    }

    /** @param tapisAnswers asked when a call's retries run out: whether Tapis answers anything at all */
    public RowCalls forRow(BooleanSupplier tapisAnswers) {
        return new RowCalls(policy, backoff, random, tapisAnswers, stop, nanoTime);
    }
}
