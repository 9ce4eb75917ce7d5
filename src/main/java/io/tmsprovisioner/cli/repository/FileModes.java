package io.tmsprovisioner.cli.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The owner-only modes of the files the tool keeps, and file modes as administrators read them ({@code 0644}). */
public final class FileModes {
    /** {@code 0700}. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code 0600}. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private FileModes() {
    }

    /** Whether the file system of {@code path} has POSIX modes to set. */
    public static boolean hasPosixModes(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The attribute to create a file or directory of {@code path}'s file system with {@code mode}: none where it has no modes. */
    public static FileAttribute<?>[] creatingWith(Path path, Set<PosixFilePermission> mode) {
        return hasPosixModes(path)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }

    /** Gives a regular file (not a link's target, which is not ours to change) {@code mode}, where the file system has modes. */
    public static void restrict(Path file, Set<PosixFilePermission> mode) throws IOException {
        if (hasPosixModes(file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, mode);
        }
    }

    /** {@code permissions} as an administrator writes them, e.g. {@code 0644}. */
    public static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
