package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.repository.FileModes;
import io.tmsprovisioner.input.InputFileException;
import io.tmsprovisioner.input.UsersBySystems;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the pairs files of users × systems runs are kept: under a directory, at the users file's own absolute
 * path ({@code /srv/tms/cohort.csv} → {@code DIRECTORY/srv/tms/cohort.csv}). The pairs file is to the users file
 * what a file of pairs is to itself: one path, whose content changes when the users file or the systems do. The
 * job instance is the content's (the same users file and systems give the same bytes, so running the same
 * command again resumes it, from any host of a shared repository), and an unfinished run is known by its path
 * when that content changes. The name stays the users file's, for the metrics' {@code input} label.
 *
 * <p>The directories made here are their owner's only, and so is the file. It is written whole to a temporary
 * file beside it, then moved over it (a run reading the old one keeps reading it), or left as it is when it
 * holds those bytes already.
 */
public final class ExpandedInputs {

    private ExpandedInputs() {
    }

    /** {@code ~/.tms-provisioner/expanded}, wherever the repository is: the file is made again by every run. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".tms-provisioner", "expanded");
    }

    /** The pairs file and how many users it was made of. */
    record Expansion(Path file, long users) {
    }

    /**
     * Expands {@code usersFile} into its place under {@code directory}.
     *
     * @throws UsageException when the users file cannot be used (naming its line) or the file cannot be written
     */
    static Expansion write(Path usersFile, UsersBySystems systems, Path directory) {
        Path users = usersFile.toAbsolutePath().normalize();
        Path file = directory.resolve(users.getRoot().relativize(users).toString());
        Path temporary = null;
        try {
            // the mode goes only to the directories made here: one the administrator chose may be shared (/tmp)
            Files.createDirectories(file.getParent(), FileModes.creatingWith(directory, FileModes.OWNER_ONLY_DIRECTORY));
            temporary = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp",
                    FileModes.creatingWith(directory, FileModes.OWNER_ONLY_FILE));
            long count;
            try (OutputStream out = Files.newOutputStream(temporary)) {
                count = systems.expand(usersFile, out);
            }
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.mismatch(file, temporary) == -1) {
                Files.delete(temporary);
                FileModes.restrict(file, FileModes.OWNER_ONLY_FILE);
            } else {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Expansion(file, count);
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
