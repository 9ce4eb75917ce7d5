package io.tmsprovisioner.cli;

import io.tmsprovisioner.input.InputFileException;
import io.tmsprovisioner.input.UsersBySystems;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * Where the pairs files of users × systems runs are kept: {@code DIRECTORY/HASH/USERS-FILE-NAME}, HASH the
 * first 12 hex digits of the pairs file's SHA-256. The same users file and systems give the same bytes, so
 * the same path and the same job instance: running the same command again resumes it, from any host of a
 * shared repository. The file keeps the users file's name, so that the metrics' {@code input} label stays
 * that name when the users file changes. The sub-directory is its owner's only and the file too; the file is
 * written whole to a temporary file first, then moved into place, or left as it is when it is there already.
 */
final class ExpandedInputs {
    private static final int HASH_DIGITS = 12;

    private ExpandedInputs() {
    }

    /** {@code ~/.tms-provisioner/expanded}, wherever the repository is: the file is made again by every run. */
    static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".tms-provisioner", "expanded");
    }

    /** The pairs file and how many users it was made of. */
    record Expansion(Path file, long users) {
    }

    /**
     * Expands {@code usersFile} into {@code directory}.
     *
     * @throws UsageException when the users file cannot be used (naming its line) or the file cannot be written
     */
    static Expansion write(Path usersFile, UsersBySystems systems, Path directory) {
        Path temporary = null;
        try {
            // the mode goes only to the directories made here: one the administrator chose may be shared (/tmp)
            // and keeps its own; the sub-directory named by the hash is this file's alone and made owner-only
            Files.createDirectories(directory, ownerOnly(directory, FileModes.OWNER_ONLY_DIRECTORY));
            temporary = Files.createTempFile(directory, ".expanding-", ".tmp",
                    ownerOnly(directory, FileModes.OWNER_ONLY_FILE));
            MessageDigest sha256 = InputCheck.newSha256();
            long users;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
                users = systems.expand(usersFile, out);
            }
            String hash = HexFormat.of().formatHex(sha256.digest());
            Path own = directory.resolve(hash.substring(0, HASH_DIGITS));
            Files.createDirectories(own, ownerOnly(own, FileModes.OWNER_ONLY_DIRECTORY));
            Path file = own.resolve(usersFile.getFileName());
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && hash.equals(sha256Of(file))) {
                Files.delete(temporary);
            } else {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            if (FileModes.hasPosixModes(file)) {
                Files.setPosixFilePermissions(own, FileModes.OWNER_ONLY_DIRECTORY);
                Files.setPosixFilePermissions(file, FileModes.OWNER_ONLY_FILE);
            }
            return new Expansion(file, users);
        } catch (InputFileException unusable) {
            throw new UsageException(unusable.getMessage());
        } catch (UncheckedIOException e) {
            throw cannotWrite(usersFile, directory, e.getCause());
        } catch (IOException e) {
            throw cannotWrite(usersFile, directory, e);
        } finally {
            deleteIfLeft(temporary);
        }
    }

    private static UsageException cannotWrite(Path usersFile, Path directory, IOException e) {
        return new UsageException("Cannot write the pairs file of " + usersFile + " in " + directory + ": " + e
                + ". Nothing was started; give a directory you may write with --expanded-dir.");
    }

    /** The mode to create a file or directory with, where the file system has modes. */
    private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> mode) {
        return FileModes.hasPosixModes(path)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                : new FileAttribute<?>[0];
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest sha256 = InputCheck.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void deleteIfLeft(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // a hidden .tmp file left behind is harmless: it is never read
        }
    }
}
