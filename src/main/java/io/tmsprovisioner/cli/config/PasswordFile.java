package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.repository.FileModes;
import io.tmsprovisioner.tapis.Secret;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Tapis password from {@code --password-file}: refused, as {@code ssh} refuses a private key, when
 * other users may read or change the file; then only its first line is read, and no more of it than a
 * password can be long.
 */
final class PasswordFile {
    /** Longer than any password; a file whose first line goes on is not a password file. */
    static final int MAX_LENGTH = 4096;

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PasswordFile() {
    }

    static Secret read(Path file) {
        try {
            requireOwnerOnly(file);
            try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
                return new Secret(firstLine(file, in));
            }
        } catch (IOException e) {
            throw new UsageException("Cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!FileModes.hasPosixModes(file)) {
            return; // a file system without POSIX modes (Windows): nothing to check
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new UsageException("The password file " + file + " has mode " + FileModes.octal(permissions)
                    + ": other users may read or change it. Run `chmod 600 " + file + "` and try again.");
        }
    }

    private static String firstLine(Path file, Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n' && c != '\r'; c = in.read()) {
            if (line.length() == MAX_LENGTH) {
                throw new UsageException("The first line of the password file " + file + " is longer than "
                        + MAX_LENGTH + " characters: is it the right file?");
            }
            line.append((char) c);
        }
        if (line.isEmpty()) {
            throw new UsageException("The password file " + file + " is empty.");
        }
        return line.toString();
    }
}
