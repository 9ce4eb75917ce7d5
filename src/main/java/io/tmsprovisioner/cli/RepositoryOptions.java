package io.tmsprovisioner.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the job repository lives: an option every command accepts. */
public class RepositoryOptions {
    @Option(names = "--repository-url", paramLabel = "JDBC_URL",
            description = {"JDBC URL of the job repository (Spring Batch tables and row outcomes).",
                    "Default: spring.datasource.url if configured, else an H2 file database under "
                            + "~/.tms-provisioner/. User and password come from spring.datasource.username/password "
                            + "(environment SPRING_DATASOURCE_USERNAME/PASSWORD), never from the command line."})
    String url;

    /** The URL to give as {@code spring.datasource.url} with the highest priority, or null to leave it to Spring. */
    String explicitUrl() {
        return url;
    }

    /** The default repository, created readable by its owner only. */
    static String defaultUrl(String userHome) {
        Path directory = Path.of(userHome, ".tms-provisioner");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the repository directory " + directory, e);
        }
        // AUTO_SERVER lets `status` read the file while a run holds it open.
        return "jdbc:h2:file:" + directory.resolve("repository") + ";AUTO_SERVER=TRUE";
    }
}
