package io.tmsprovisioner.batch.owner;

import java.util.ArrayList;
import java.util.List;

/**
 * An administrator's request that the running job stop (SIGTERM, Ctrl-C, {@code stop EXECUTION_ID} from any host
 * through {@link RemoteStop}): the step takes no new rows,
 * lets the rows in flight finish for up to {@code tms.stop-grace}, commits what is done and ends
 * STOPPED, for the same command to resume. A request made before the step starts stops it at once; the
 * request is spent when the step ends. Thread-safe.
 */
public class StopRequest {
    private final List<Runnable> listeners = new ArrayList<>();
    private boolean requested;

    public void request() {
        List<Runnable> toTell;
        synchronized (this) {
            if (requested) {
                return;
            }
            requested = true;
            toTell = List.copyOf(listeners);
        }
        toTell.forEach(Runnable::run);
    }

    /** Runs {@code listener} when the stop is requested, at once if it already was. */
    public void whenRequested(Runnable listener) {
        synchronized (this) {
            if (!requested) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    /** The step that {@code listener} was told for has ended: the request, if any, is spent. */
    public synchronized void spent(Runnable listener) {
        listeners.remove(listener);
        requested = false;
    }
}
