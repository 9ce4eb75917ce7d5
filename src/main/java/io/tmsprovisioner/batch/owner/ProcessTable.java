package io.tmsprovisioner.batch.owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Linux's process table as {@code /proc} shows it. A process is told by its start in clock ticks since
 * boot (field 22 of {@code /proc/<pid>/stat}): unlike the start time the JDK reports, derived from the
 * boot time in wall-clock terms, it does not move when the clock is stepped (NTP, VM resume).
 */
public final class ProcessTable {
    public static final ProcessTable SYSTEM = new ProcessTable(Path.of("/proc"));

    /** Fields before the state, the first after the command name's closing parenthesis: pid and comm. */
    private static final int FIELDS_BEFORE_STATE = 2;
    private static final int START_TIME_FIELD = 22;

    private final Path proc;

    ProcessTable(Path proc) {
        this.proc = proc;
    }

    /**
     * The start of process {@code pid} in clock ticks since boot.
     *
     * @return empty when no such process is visible here (it ended, or {@code hidepid} hides another user's)
     * @throws IOException when it is there but cannot be read or parsed: nothing is known of it
     */
    OptionalLong startTicks(long pid) throws IOException {
        try {
            return OptionalLong.of(startTicks(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (NoSuchFileException gone) {
            return OptionalLong.empty();
        }
    }

    /** This process's start in clock ticks since boot. */
    long ownStartTicks() throws IOException {
        return startTicks(Files.readString(proc.resolve("self").resolve("stat")));
    }

    /** The user this process runs as: the owner of its {@code /proc} entry. */
    long ownUid() throws IOException {
        try {
            return ((Number) Files.getAttribute(proc.resolve("self"), "unix:uid")).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            throw new IOException("no unix:uid attribute here", noUnixView);
        }
    }

    /** The command name may hold spaces and parentheses: the fields start after the last ')'. */
    static long startTicks(String stat) throws IOException {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 1).strip().split(" ");
        int index = START_TIME_FIELD - FIELDS_BEFORE_STATE - 1;
        if (stat.lastIndexOf(')') < 0 || fields.length <= index) {
            throw new IOException("not a /proc/<pid>/stat line: " + stat);
        }
        try {
            return Long.parseLong(fields[index]);
        } catch (NumberFormatException unreadable) {
            throw new IOException("no start time in /proc/<pid>/stat: " + stat, unreadable);
        }
    }
}
