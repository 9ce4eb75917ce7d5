package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/** The retry settings of a run, shared by its threads; hands each row its own {@link RowCalls}. */
public final class Retrying {
    private final RetryPolicy policy;
    private final RowCalls.Sleeper sleeper;
    private final DoubleSupplier random;

    Retrying(RetryPolicy policy, RowCalls.Sleeper sleeper, DoubleSupplier random) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    public static Retrying with(RetryPolicy policy) {
        return new Retrying(policy, pause -> Thread.sleep(pause.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
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
            throw exhausted.last;
        }
    }

    /** @param tapisAnswers asked when a call's retries run out: whether Tapis answers anything at all */
    RowCalls forRow(BooleanSupplier tapisAnswers) {
        return new RowCalls(policy, sleeper, random, tapisAnswers);
    }
}
