package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;

import java.util.concurrent.CountDownLatch;

/**
 * Holds one chosen call after its effect and before its answer, until released: a test can then kill
 * the client at the worst moment (a create done, its answer not yet sent) without timing guesses. The
 * call is chosen by its place among the endpoint's calls, or by the user and system it is for.
 */
final class CallHold {
    private Endpoint endpoint;
    private int nth;
    private String systemId;
    private String username;
    private int calls;
    private CountDownLatch reached = new CountDownLatch(0);
    private CountDownLatch released = new CountDownLatch(0);

    /** @return a latch that opens when the held call arrives */
    synchronized CountDownLatch hold(Endpoint endpoint, int nth) {
        return hold(endpoint, nth, null, null);
    }

    /** Holds the first call of the endpoint for this user on this system. */
    synchronized CountDownLatch hold(Endpoint endpoint, String systemId, String username) {
        return hold(endpoint, 1, systemId, username);
    }

    private CountDownLatch hold(Endpoint endpoint, int nth, String systemId, String username) {
        this.endpoint = endpoint;
        this.nth = nth;
        this.systemId = systemId;
        this.username = username;
        this.calls = 0;
        reached = new CountDownLatch(1);
        released = new CountDownLatch(1);
        return reached;
    }

    void release() {
        CountDownLatch toOpen;
        synchronized (this) {
            toOpen = released;
        }
        toOpen.countDown();
    }

    /** Called on the request's thread once the call has taken effect; blocks if this is the held call. */
    void afterEffect(Route called) {
        CountDownLatch waitFor;
        synchronized (this) {
            if (called.endpoint() != endpoint || username != null && (!username.equals(called.username())
                    || !systemId.equals(called.systemId())) || ++calls != nth) {
                return;
            }
            waitFor = released;
            reached.countDown();
        }
        try {
            waitFor.await();
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }
}
