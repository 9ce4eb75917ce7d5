package io.tmsprovisioner.cli.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM (Kubernetes, systemd) and Ctrl-C while a run goes: the first asks the job to stop gracefully
 * (it takes no new rows, lets the rows in flight finish, commits and ends STOPPED; the process then exits 1
 * as usual); a second ends the process at once, which the attempt journal keeps safe.
 *
 * <p>The JVM's own handling of these signals starts its shutdown, whose hooks would close the job
 * repository under the running job; these handlers replace it while the run goes and give it back after.
 */
final class TerminationSignals implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);
    private static final String[] SIGNALS = {"TERM", "INT"};

    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private TerminationSignals() {
    }

    /**
     * @param stop  asks the job to stop; called once, on a signal's thread
     * @param err   where to say what is happening
     * @param grace how long the rows in flight may take, for the message
     */
    static TerminationSignals install(Runnable stop, PrintWriter err, Duration grace) {
        TerminationSignals signals = new TerminationSignals();
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, received -> {
                    if (stopping.compareAndSet(false, true)) {
                        err.printf("%nSIG%s: stopping; the rows in flight may take up to %d s to finish (send it again "
                                + "to stop at once)%n", received.getName(), grace.toSeconds());
                        err.flush();
                        stop.run();
                    } else {
                        err.printf("%nSIG%s again: stopping at once; run the same command to resume%n",
                                received.getName());
                        err.flush();
                        Runtime.getRuntime().halt(128 + received.getNumber());
                    }
                }));
            } catch (IllegalArgumentException unsupported) {
                // this platform does not let a program handle that signal: its default stays
                log.debug("Cannot handle SIG{} here: {}", name, unsupported.getMessage());
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
