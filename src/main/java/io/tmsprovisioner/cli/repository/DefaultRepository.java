package io.tmsprovisioner.cli.repository;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.tapis.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The job repository used when none is configured: an H2 file database in {@code ~/.tms-provisioner},
 * for its owner only. Every start makes the directory {@code 0700} and the database's files {@code 0600}
 * (users often create the directory first, for {@code application.yml}, as {@code 0755}). {@code AUTO_SERVER}
 * lets {@code status} and {@code report} read it while a run holds it open: H2 then serves it over TCP
 * (see {@link #serveOnLoopbackOnly()}), so the database has a password, generated on first use and kept in
 * {@code repository.password} ({@code 0600}) beside it; a repository created by an earlier version with
 * the empty password is given this one.
 */
public final class DefaultRepository {
    static final String USER = "sa";

    private static final String NAME = "repository";
    /** H2's error code for a refused user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;

    private final Path userHome;
    private final Path directory;

    /** The default repository of the user whose home is {@code userHome}. */
    public DefaultRepository(Path userHome) {
        this.userHome = userHome.toAbsolutePath().normalize();
        this.directory = this.userHome.resolve(".tms-provisioner");
    }

    /**
     * H2's AUTO_SERVER listens on every network interface and takes connections from other hosts: the
     * {@code h2.bindAddress} system property keeps its servers on loopback. Called before H2 is loaded
     * (H2 reads it once); a bind address set by the user stays.
     */
    public static void serveOnLoopbackOnly() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** The JDBC URL of this repository, as {@code spring.datasource.url} takes it. */
    public String url() {
        return "jdbc:h2:file:" + directory.resolve(NAME) + ";AUTO_SERVER=TRUE";
    }

    /** Whether a JDBC URL is this repository's, with or without settings added to it (H2Durability's). */
    boolean isUrlOf(String jdbcUrl) {
        return jdbcUrl.equals(url()) || jdbcUrl.startsWith(url() + ";");
    }

    /**
     * The name of the H2 file database a JDBC URL opens when it lies in this directory
     * ({@code jdbc:h2:[file:]PATH[;...]}, {@code ~} for the user's home): the user's own URL there still gets
     * owner-only modes. Empty for any other URL.
     */
    Optional<String> databaseNameIn(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (path.regionMatches(true, 0, "file:", 0, "file:".length())) {
            path = path.substring("file:".length());
        }
        Path file = (path.startsWith("~") ? Path.of(userHome + path.substring(1)) : Path.of(path))
                .toAbsolutePath().normalize();
        return directory.equals(file.getParent()) ? Optional.of(file.getFileName().toString()) : Optional.empty();
    }

    /**
     * Makes the directory (created if missing) {@code 0700}, and every file of the database {@code name}
     * ({@code name.mv.db}, {@code .trace.db}, {@code .lock.db}, the password file) {@code 0600}. Nothing to do
     * on a file system without POSIX modes.
     */
    void protect(String name) {
        try {
            Files.createDirectories(directory);
            if (!FileModes.hasPosixModes(directory)) {
                return;
            }
            Files.setPosixFilePermissions(directory, FileModes.OWNER_ONLY_DIRECTORY);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, globQuoted(name) + ".*")) {
                for (Path file : files) {
                    FileModes.restrict(file, FileModes.OWNER_ONLY_FILE);
                }
            }
        } catch (IOException e) {
            throw new UsageException("Cannot make the repository directory " + directory + " readable by its owner "
                    + "only: " + e.getMessage());
        }
    }

    /**
     * The database password, made on first use. A repository that already exists then still has the
     * empty password of earlier versions and is given this one. The password is first written to a
     * pending file, so that a crash between the database's change and the file's rename leaves a
     * password that opens it.
     */
    Secret password() {
        Path file = directory.resolve(NAME + ".password");
        Path pending = directory.resolve(NAME + ".password.new");
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Secret password = Files.exists(pending) ? read(pending) : create(pending);
            if (Files.exists(directory.resolve(NAME + ".mv.db"))) {
                migrate(password);
            }
            Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UsageException("Cannot keep the repository password in " + file + ": " + e.getMessage());
        }
    }

    /** Gives a repository that still has the empty password the new one; one that has it already is left. */
    private void migrate(Secret password) {
        try (Connection earlier = DriverManager.getConnection(url(), USER, "");
             PreparedStatement change = earlier.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
            change.setString(1, password.reveal());
            change.execute();
        } catch (SQLException refused) {
            if (refused.getErrorCode() != WRONG_USER_OR_PASSWORD || !opensWith(password)) {
                throw new UsageException("Cannot give the job repository " + directory.resolve(NAME)
                        + " its generated password: " + refused.getMessage() + ". If you gave it a password of your "
                        + "own, name it with --repository-url and spring.datasource.password.");
            }
        }
    }

    private boolean opensWith(Secret password) {
        try (Connection ignored = DriverManager.getConnection(url(), USER, password.reveal())) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    /** Readable by its owner from the start, where the file system has POSIX modes. */
    private static Secret create(Path pending) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createFile(pending, FileModes.creatingWith(pending, FileModes.OWNER_ONLY_FILE));
        Files.writeString(pending, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        return new Secret(password);
    }

    private static Secret read(Path file) throws IOException {
        return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    private static String globQuoted(String name) {
        return name.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
