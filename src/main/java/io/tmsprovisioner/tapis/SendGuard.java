package io.tmsprovisioner.tapis;

import java.time.Duration;

/**
 * What a run asks of every request the client makes for it. Tapis has no fencing token: only the run can keep
 * a create or remove off the wire once another process may have taken its work over, and it must do so right
 * before each send (repeats after a 429 or a backoff included), not once per row. And a run that is ending
 * must not sit out a rate limit's wait. A run sends through a view of the client that carries its guard
 * ({@link TapisSystems#guarded}), so the guard stays with the run's requests, not with the client.
 */
public interface SendGuard {
    /** Guards nothing, and waits with a plain sleep: outside a run (the login, the tools). */
    SendGuard NONE = new SendGuard() {
        @Override
        public void beforeChange() {
        }

        @Override
        public boolean pause(Duration wait) throws InterruptedException {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
            return true;
        }
    };

    /**
     * Called right before a create or remove goes on the wire, every time it does; throws to keep it off.
     *
     * @throws RuntimeException of the guard's choosing when the run may no longer change Tapis; it reaches the
     *                          caller of the client as it is
     */
    void beforeChange();

    /** Waits for a request's turn (the rate limit, a 429's {@code Retry-After}); false when the run ended the wait. */
    boolean pause(Duration wait) throws InterruptedException;
}
