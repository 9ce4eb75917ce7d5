package io.tmsprovisioner.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that launched an execution, stored as a plain job parameter. After a SIGKILL the
 * repository still says STARTED; this tells whether a live process still owns the execution.
 */
record ProcessOwner(String host, long pid, Instant processStart) {

    static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(localHost(), self.pid(), self.info().startInstant().orElse(Instant.EPOCH));
    }

    /** Parses {@link #toString()}; empty for an execution launched some other way. */
    static Optional<ProcessOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(" ", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessOwner(parts[1], Long.parseLong(parts[0]), Instant.parse(parts[2])));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    boolean isLocal() {
        return host.equals(localHost());
    }

    /** Whether this process is still running; only answerable on its own host. */
    boolean isAliveHere() {
        return isLocal() && ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                // a reused pid belongs to a process that started later
                .map(process -> process.info().startInstant().map(processStart::equals).orElse(true))
                .orElse(false);
    }

    String describe() {
        return "process " + pid + " on " + host + " (started " + processStart + ")";
    }

    @Override
    public String toString() {
        return pid + " " + host + " " + processStart;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
