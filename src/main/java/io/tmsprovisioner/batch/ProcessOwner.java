package io.tmsprovisioner.batch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that launched an execution, stored as a plain job parameter. After a SIGKILL the
 * repository still says STARTED; this tells whether a live process still owns the execution.
 *
 * @param space where {@code pid} names this process; null for an owner recorded by an earlier version,
 *              which recorded host, pid and start only
 */
record ProcessOwner(String host, long pid, Instant processStart, ProcessSpace space) {
    /** Written for a part of the space that could not be read. */
    private static final String UNREADABLE = "-";

    static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(localHost(), self.pid(), self.info().startInstant().orElse(Instant.EPOCH),
                ProcessSpace.current());
    }

    /**
     * Parses {@link #toString()}, and the {@code pid host start} of earlier versions; empty for an
     * execution launched some other way.
     */
    static Optional<ProcessOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length != 3 && parts.length != 5) {
            return Optional.empty();
        }
        try {
            ProcessSpace space = parts.length == 3 ? null : new ProcessSpace(readable(parts[3]), readable(parts[4]));
            return Optional.of(new ProcessOwner(parts[1], Long.parseLong(parts[0]), Instant.parse(parts[2]), space));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    boolean isLocal() {
        return host.equals(localHost());
    }

    /**
     * Whether the operating system's answer about {@link #pid} is about this owner: same host name, and
     * the same boot and pid namespace (see {@link ProcessSpace#processCheckTrusted}). Only then may the
     * owner be taken for dead because no such process runs here.
     */
    boolean canBeCheckedHere() {
        return isLocal() && ProcessSpace.processCheckTrusted(space, ProcessSpace.current(), ProcessSpace.isLinux());
    }

    /**
     * Whether a process with this pid and start time runs here. True is always believed (a run is refused);
     * false means "dead" only where {@link #canBeCheckedHere()}.
     */
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
        ProcessSpace known = space == null ? ProcessSpace.UNKNOWN : space;
        return pid + " " + host + " " + processStart + " " + written(known.bootId()) + " " + written(known.pidNamespace());
    }

    private static String written(String part) {
        return part == null ? UNREADABLE : part;
    }

    private static String readable(String part) {
        return part.equals(UNREADABLE) ? null : part;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
