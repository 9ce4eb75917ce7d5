package io.tmsprovisioner.batch.owner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether this process may still send a change to Tapis for an execution: its lease (see {@link Heartbeat}) was
 * renewed recently enough that no other run can have taken the execution over since. Another run takes it over
 * only once the lease is {@code staleAfter} old by the database's clock, so a lease renewed less than half of that
 * ago leaves the other half as a margin for the send to reach Tapis. An older one is renewed first, by the caller:
 * an owner that was paused (SIGSTOP, a suspended VM, a hung database connection) finds out before its next send
 * whether it still owns the execution.
 *
 * <p>Once the lease is found lost, it stays lost, and the run is told ({@link #whenLost}) so that its rows stop
 * before their next send and stop waiting.
 */
public final class LeaseFence {
    private final long executionId;
    private final long freshNanos;
    private final LongSupplier nanoTime;
    private final BooleanSupplier renew;
    private final List<Runnable> lostListeners = new CopyOnWriteArrayList<>();
    private volatile long renewedAt;
    private volatile boolean lost;
    private volatile boolean released;

    /**
     * @param staleAfter how long the owner may be silent before another run takes the execution over
     * @param renew      renews the lease in a transaction of its own; false when it is no longer this process's
     */
    LeaseFence(long executionId, Duration staleAfter, LongSupplier nanoTime, BooleanSupplier renew) {
        this.executionId = executionId;
        this.freshNanos = staleAfter.toNanos() / 2;
        this.nanoTime = nanoTime;
        this.renew = renew;
        this.renewedAt = nanoTime.getAsLong();
    }

    /**
     * Lets a change be sent, renewing the lease first unless it was renewed less than half the stale limit ago.
     *
     * @throws ExecutionTakenOverException when another run took the execution over
     * @throws IllegalStateException        when the execution has ended: a row left in flight sends nothing more
     */
    void beforeChange() {
        if (released) {
            throw new IllegalStateException("Execution " + executionId + " has ended: a row still in flight sends "
                    + "nothing more");
        }
        if (!lost && nanoTime.getAsLong() - renewedAt < freshNanos) {
            return;
        }
        renewNow();
    }

    /**
     * Renews the lease now (a heartbeat, or a send's own renewal).
     *
     * @throws ExecutionTakenOverException when another run took the execution over
     */
    public void renewNow() {
        if (!lost) {
            long started = nanoTime.getAsLong();
            if (renew.getAsBoolean()) {
                // the database's time of the renewal is no earlier than this
                renewedAt = Math.max(renewedAt, started);
                return;
            }
            lost();
        }
        throw new ExecutionTakenOverException(executionId);
    }

    /** The execution ended and gave its lease up: nothing more is sent for it. */
    void release() {
        released = true;
    }

    /** Runs {@code listener} once the lease is found lost: at once if it already was. */
    public void whenLost(Runnable listener) {
        lostListeners.add(listener);
        if (lost) {
            listener.run();
        }
    }

    boolean isLost() {
        return lost;
    }

    /** Another run took the execution over: tells the listeners, once. */
    void lost() {
        synchronized (this) {
            if (lost) {
                return;
            }
            lost = true;
        }
        lostListeners.forEach(Runnable::run);
    }
}
