package io.tmsprovisioner.cli;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The owner-only modes of the files the tool keeps, and file modes as administrators read them ({@code 0644}). */
final class FileModes {
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private FileModes() {
    }

    /** Whether the file system of {@code path} has POSIX modes to set. */
    static boolean hasPosixModes(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
