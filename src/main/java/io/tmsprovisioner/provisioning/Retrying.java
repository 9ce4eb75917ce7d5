package io.tmsprovisioner.provisioning;

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

    /** @param tapisAnswers asked when a call's retries run out: whether Tapis answers anything at all */
    RowCalls forRow(BooleanSupplier tapisAnswers) {
        return new RowCalls(policy, sleeper, random, tapisAnswers);
    }
}
