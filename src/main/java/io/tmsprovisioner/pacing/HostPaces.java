package io.tmsprovisioner.pacing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The pace of every host's SSH connects in one run, shared by its threads: systems that share a host share its
 * pace (see {@link HostPace} for the rules).
 */
public final class HostPaces {
    private final PacingSettings settings;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, HostPace> hosts = new ConcurrentHashMap<>();
    private final AtomicLong tickets = new AtomicLong();

    public HostPaces(PacingSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /**
     * Waits until a connect to {@code host} may start, and starts it.
     *
     * @return the connect, to be told how it ended; null when the run ended the wait
     */
    public Connect start(String host, Waiter waiter) throws InterruptedException {
        HostPace pace = hosts.computeIfAbsent(host, h -> new HostPace(settings));
        long ticket = tickets.incrementAndGet();
        for (long wait = pace.tryStart(ticket, nanoTime.getAsLong()); wait > 0;
                wait = pace.tryStart(ticket, nanoTime.getAsLong())) {
            if (!waiter.pause(Duration.ofNanos(wait))) {
                return null;
            }
        }
        return new Connect(pace, ticket);
    }

    /** Each host's figures so far, by host name. */
    public List<HostFigures> figures() {
        return hosts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(host -> host.getValue().figures(host.getKey())).toList();
    }

    /** One connect started; exactly one of its methods is to be called when its call ends. */
    public final class Connect {
        private final HostPace pace;
        private final long ticket;

        private Connect(HostPace pace, long ticket) {
            this.pace = pace;
            this.ticket = ticket;
        }

        /** Tapis answered without connecting (nothing was stored): the start is given back. */
        public void notConnected() {
            pace.notConnected(ticket);
        }

        /** Tapis answered from the host, or that it could not reach it ({@code unreachable}). */
        public void connected(boolean unreachable) {
            pace.connected(ticket, nanoTime.getAsLong(), unreachable);
        }

        /** The call failed without an answer: whether it connected is unknown. */
        public void unknown() {
            pace.unknown(ticket);
        }
    }
}
