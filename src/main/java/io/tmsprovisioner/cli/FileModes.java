package io.tmsprovisioner.cli;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** File modes as administrators read them ({@code 0644}), for messages. */
final class FileModes {

    private FileModes() {
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
