package io.tmsprovisioner.cli.repository;

import io.tmsprovisioner.cli.command.CliRunner;
import io.tmsprovisioner.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The default repository's directory, file modes and password, on a home that an earlier version used. */
class DefaultRepositoryTest {
    @TempDir
    Path home;

    private Path directory() {
        return home.resolve(".tms-provisioner");
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** What an earlier version left: a repository with the empty password, in a directory the user made 0755. */
    private void earlierVersionsRepository() throws Exception {
        Files.createDirectories(directory(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + directory().resolve("repository"),
                DefaultRepository.USER, "")) {
            connection.createStatement().execute("CREATE TABLE BATCH_JOB_INSTANCE (ID BIGINT)");
        }
        for (String name : new String[]{"repository.mv.db", "repository.trace.db", "application.yml"}) {
            Path file = directory().resolve(name);
            if (!Files.exists(file)) {
                Files.writeString(file, "");
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void theDirectoryIsMadeOwnerOnlyAndTheRepositorysFilesToo() throws Exception {
        earlierVersionsRepository();
        DefaultRepository repository = new DefaultRepository(home);

        repository.protect("repository");
        repository.password();
        repository.protect("repository");

        assertThat(repository.url()).isEqualTo("jdbc:h2:file:" + directory().resolve("repository") + ";AUTO_SERVER=TRUE");
        assertThat(mode(directory())).isEqualTo("rwx------");
        assertThat(mode(directory().resolve("repository.mv.db"))).isEqualTo("rw-------");
        assertThat(mode(directory().resolve("repository.trace.db"))).isEqualTo("rw-------");
        assertThat(mode(directory().resolve("repository.password"))).isEqualTo("rw-------");
        assertThat(mode(directory().resolve("application.yml"))).as("not the repository's").isEqualTo("rw-r--r--");
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        new DefaultRepository(home).protect("repository");

        assertThat(mode(directory())).isEqualTo("rwx------");
    }

    @Test
    void aRepositoryWithTheEmptyPasswordIsGivenAGeneratedOneThatIsKeptOwnerOnly() throws Exception {
        earlierVersionsRepository();
        DefaultRepository repository = new DefaultRepository(home);
        repository.protect("repository");

        String password = repository.password().reveal();

        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(directory().resolve("repository.password"))).isEqualTo(password + "\n");
        assertThat(Files.exists(directory().resolve("repository.password.new"))).isFalse();
        assertThat(new DefaultRepository(home).password().reveal()).as("the same at the next start").isEqualTo(password);
        assertThatExceptionOfType(SQLException.class).as("the empty password no longer opens it")
                .isThrownBy(() -> DriverManager.getConnection(repository.url(), DefaultRepository.USER, "").close())
                .satisfies(refused -> assertThat(refused.getErrorCode()).isEqualTo(28000));
        try (Connection connection = DriverManager.getConnection(repository.url(), DefaultRepository.USER, password)) {
            assertThat(connection.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE").next()).isTrue();
        }
    }

    @Test
    void aPasswordChangeCutShortBeforeItsFileWasRenamedIsFinishedAtTheNextStart() throws Exception {
        // given: the database already has the pending password (the process died before the rename)
        Files.createDirectories(directory());
        Files.writeString(directory().resolve("repository.password.new"), "pending-password\n");
        try (Connection ignored = DriverManager.getConnection("jdbc:h2:file:" + directory().resolve("repository"),
                DefaultRepository.USER, "pending-password")) {
            // created with that password
        }
        DefaultRepository repository = new DefaultRepository(home);

        assertThat(repository.password().reveal()).isEqualTo("pending-password");
        assertThat(Files.readString(directory().resolve("repository.password"))).isEqualTo("pending-password\n");
        assertThat(Files.exists(directory().resolve("repository.password.new"))).isFalse();
    }

    @Test
    void aRepositoryWithAPasswordOfItsOwnIsAUsageErrorInOneLine() throws Exception {
        Files.createDirectories(directory());
        DriverManager.getConnection("jdbc:h2:file:" + directory().resolve("repository"), DefaultRepository.USER,
                "chosen-by-the-user").close();
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        CliRunner.Result status;
        try {
            status = CliRunner.run(Map.of(), "status");
        } finally {
            System.setProperty("user.home", realHome);
        }

        assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).startsWith("tms-provisioner: Cannot give the job repository "
                + directory().resolve("repository") + " its generated password: Wrong user name or password")
                .contains("--repository-url").hasLineCount(1);
    }

    @Test
    void theUsersOwnH2UrlInTheDirectoryIsRecognisedForItsFileModesOnly() {
        DefaultRepository repository = new DefaultRepository(home);
        String inside = directory().resolve("other").toString();

        assertThat(repository.databaseNameIn("jdbc:h2:file:" + inside + ";AUTO_SERVER=TRUE")).hasValue("other");
        assertThat(repository.databaseNameIn("jdbc:h2:" + inside)).hasValue("other");
        assertThat(repository.databaseNameIn("jdbc:h2:~/.tms-provisioner/mine")).hasValue("mine");
        assertThat(repository.databaseNameIn(repository.url() + ";WRITE_DELAY=0")).hasValue("repository");
        assertThat(repository.databaseNameIn("jdbc:h2:file:" + home.resolve("elsewhere"))).isEmpty();
        assertThat(repository.databaseNameIn("jdbc:h2:file:" + directory().resolve("sub/deeper"))).isEmpty();
        assertThat(repository.databaseNameIn("jdbc:h2:mem:test")).isEmpty();
        assertThat(repository.databaseNameIn("jdbc:postgresql://db/tms")).isEmpty();
        assertThat(repository.isUrlOf(repository.url() + ";WRITE_DELAY=0")).isTrue();
        assertThat(repository.isUrlOf("jdbc:h2:file:" + inside)).isFalse();
    }
}
