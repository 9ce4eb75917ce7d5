package io.tmsprovisioner.batch.owner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The process that launched an execution, stored as a plain job parameter. After a SIGKILL the
 * repository still says STARTED; this tells, on the owner's own host, whether that process still runs.
 *
 * @param processStart the JDK's start time, for people to read: it moves when the clock is stepped, so it is
 *                     never compared
 * @param space        where {@code pid} names this process; null for an owner recorded by an earlier version,
 *                     which recorded host, pid and start only
 * @param stamp        what tells this process from a later one with its pid; null where it could not be read
 *                     (not Linux) and for an owner recorded by an earlier version
 */
public record ProcessOwner(String host, long pid, Instant processStart, ProcessSpace space, Stamp stamp) {
    /** Written for a part that could not be read. */
    private static final String UNREADABLE = "-";

    /**
     * The process's start in clock ticks since boot (see {@link ProcessTable}) and its user: a process always
     * sees its own user's processes in {@code /proc}, even where {@code hidepid} hides the others'.
     */
    record Stamp(long startTicks, long uid) {
    }

    /** What this process can tell of an owner's process. */
    public enum Presence {
        /** It runs here: same process space, pid and start. */
        RUNNING,
        /** Proven ended: same process space and user, and its pid is free or names a process started later. */
        GONE,
        /** Nothing is known: another host, space or user, an earlier version's owner, an unreadable table. */
        UNPROVEN
    }

    public static ProcessOwner current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessOwner(localHost(), self.pid(), self.info().startInstant().orElse(Instant.EPOCH),
                ProcessSpace.current(), ownStamp(ProcessTable.SYSTEM));
    }

    private static Stamp ownStamp(ProcessTable table) {
        try {
            return new Stamp(table.ownStartTicks(), table.ownUid());
        } catch (IOException notLinux) {
            return null;
        }
    }

    /**
     * Parses {@link #toString()}, and the {@code pid host start} and {@code pid host start boot namespace} of
     * earlier versions; empty for an execution launched some other way.
     */
    public static Optional<ProcessOwner> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(" ");
        if (parts.length != 3 && parts.length != 5 && parts.length != 7) {
            return Optional.empty();
        }
        try {
            ProcessSpace space = parts.length == 3 ? null : new ProcessSpace(readable(parts[3]), readable(parts[4]));
            Stamp stamp = parts.length < 7 || parts[5].equals(UNREADABLE) || parts[6].equals(UNREADABLE) ? null
                    : new Stamp(Long.parseLong(parts[5]), Long.parseLong(parts[6]));
            return Optional.of(new ProcessOwner(parts[1], Long.parseLong(parts[0]), Instant.parse(parts[2]), space,
                    stamp));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    boolean isLocal() {
        return host.equals(localHost());
    }

    /**
     * Whether the operating system's answer about {@link #pid} is about this owner: same host name, and
     * the same boot and pid namespace (see {@link ProcessSpace#processCheckTrusted}).
     */
    boolean canBeCheckedHere() {
        return isLocal() && ProcessSpace.processCheckTrusted(space, ProcessSpace.current());
    }

    /**
     * Asks {@code table} about this owner. Only what is proven counts: GONE takes a live owner's execution from
     * it, so anything short of proof is UNPROVEN, and the lease decides.
     */
    public Presence presenceIn(ProcessTable table) {
        if (stamp == null || !canBeCheckedHere()) {
            return Presence.UNPROVEN;
        }
        try {
            OptionalLong ticks = table.startTicks(pid);
            if (ticks.isPresent() && ticks.getAsLong() == stamp.startTicks()) {
                return Presence.RUNNING;
            }
            // hidepid hides another user's process as if it had ended
            return stamp.uid() == table.ownUid() ? Presence.GONE : Presence.UNPROVEN;
        } catch (IOException unreadable) {
            return Presence.UNPROVEN;
        }
    }

    public String describe() {
        return "process " + pid + " on " + host + " (started " + processStart + ")";
    }

    @Override
    public String toString() {
        ProcessSpace known = space == null ? ProcessSpace.UNKNOWN : space;
        return pid + " " + host + " " + processStart + " " + written(known.bootId()) + " " + written(known.pidNamespace())
                + (stamp == null ? " - -" : " " + stamp.startTicks() + " " + stamp.uid());
    }

    private static String written(String part) {
        return part == null ? UNREADABLE : part;
    }

    private static String readable(String part) {
        return part.equals(UNREADABLE) ? null : part;
    }

    /** This host's name, as owners record it. */
    public static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
