package io.tmsprovisioner.batch.owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a process id names one process: one boot of one kernel and one pid namespace. Two containers
 * with the same host name (hostNetwork pods, cloned VMs, the {@code localhost} fallback) have separate
 * pid namespaces: there, asking the operating system about the other's pid says nothing.
 *
 * @param bootId       {@code /proc/sys/kernel/random/boot_id}; null where it cannot be read (not Linux)
 * @param pidNamespace the target of {@code /proc/self/ns/pid}, e.g. {@code pid:[4026531836]}; null where it cannot be read
 */
public record ProcessSpace(String bootId, String pidNamespace) {
    static final ProcessSpace UNKNOWN = new ProcessSpace(null, null);

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");

    public static ProcessSpace current() {
        return new ProcessSpace(read(() -> Files.readString(BOOT_ID).strip()),
                read(() -> Files.readSymbolicLink(PID_NAMESPACE).toString()));
    }

    /**
     * Whether the operating system's answer about a process recorded in {@code recorded} can be trusted
     * in {@code here}: both spaces are known and the same. A space that cannot be read is never taken for
     * this one.
     *
     * @param recorded the owner's space; null for an owner recorded by an earlier version, which is never trusted
     */
    static boolean processCheckTrusted(ProcessSpace recorded, ProcessSpace here) {
        return recorded != null && recorded.isKnown() && here.isKnown() && recorded.equals(here);
    }

    private boolean isKnown() {
        return bootId != null && pidNamespace != null;
    }

    private interface ProcFile {
        String read() throws IOException;
    }

    private static String read(ProcFile file) {
        try {
            String text = file.read();
            // stored in a space-separated job parameter
            return text.isEmpty() || text.chars().anyMatch(Character::isWhitespace) ? null : text;
        } catch (IOException | UnsupportedOperationException | SecurityException unavailable) {
            return null;
        }
    }
}
