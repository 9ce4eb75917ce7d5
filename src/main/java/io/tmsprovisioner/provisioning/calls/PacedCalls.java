package io.tmsprovisioner.provisioning.calls;

import io.tmsprovisioner.pacing.HostFigures;
import io.tmsprovisioner.pacing.HostPaces;
import io.tmsprovisioner.pacing.PacingSettings;
import io.tmsprovisioner.pacing.Waiter;
import io.tmsprovisioner.pacing.WritePace;
import io.tmsprovisioner.tapis.CredentialCheck;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Tapis calls of a run that Tapis pays for, at the pace the run keeps (see {@code io.tmsprovisioner.pacing}):
 * checks, which connect to the system's host over SSH when a credential is stored, paced per host; creates and
 * removes, which Tapis runs one at a time, a few in flight. Shared by the run's threads.
 */
public final class PacedCalls {
    private final HostPaces hosts;
    private final WritePace writes;
    private final RunEnding stop;

    public PacedCalls(PacingSettings settings, RunEnding stop) {
        this.hosts = new HostPaces(settings, System::nanoTime);
        this.writes = new WritePace(settings, System::nanoTime);
        this.stop = stop;
    }

    /** No pace at all: for the rules' tests and comparisons. */
    public static PacedCalls unpaced() {
        int unlimited = 1_000_000;
        return new PacedCalls(new PacingSettings(unlimited, Duration.ofSeconds(4), Duration.ZERO, unlimited, unlimited,
                Duration.ZERO, unlimited, unlimited), new RunEnding());
    }

    /** Each host's connects so far, for the summary. */
    public List<HostFigures> hostFigures() {
        return hosts.figures();
    }

    /** A check of a credential on a system of {@code host}: it connects there unless nothing is stored. */
    public CredentialCheck check(String host, Supplier<CredentialCheck> check) {
        HostPaces.Connect connect = turn(waiter -> hosts.start(host, waiter));
        CredentialCheck answer;
        try {
            answer = check.get();
        } catch (RuntimeException failure) {
            connect.unknown();
            throw failure;
        }
        if (answer.status() == CredentialCheck.Status.MISSING) {
            connect.notConnected();
        } else {
            connect.connected(answer.status() == CredentialCheck.Status.UNREACHABLE);
        }
        return answer;
    }

    /** A create or a remove. */
    public void write(Runnable write) {
        WritePace.Write started = turn(writes::start);
        try {
            write.run();
        } finally {
            started.ended();
        }
    }

    /** Waits for a call's turn, which the run's stop cuts short (null). */
    @FunctionalInterface
    private interface Turn<T> {
        T await(Waiter waiter) throws InterruptedException;
    }

    private <T> T turn(Turn<T> turn) {
        T started;
        try {
            started = turn.await(stop::pause);
        } catch (InterruptedException interrupted) {
            throw ending(interrupted);
        }
        if (started == null) {
            throw ending(null);
        }
        return started;
    }

    private static RowAbandonedException ending(InterruptedException interrupted) {
        if (interrupted != null) {
            Thread.currentThread().interrupt();
        }
        return new RowAbandonedException("The run is ending: the row gave up while waiting for its turn to call Tapis",
                interrupted);
    }
}
