package io.tmsprovisioner.cli.repository;

import picocli.CommandLine.Option;


/** Where the job repository lives: an option every command accepts. */
public class RepositoryOptions {
    @Option(names = "--repository-url", paramLabel = "JDBC_URL",
            description = {"JDBC URL of the job repository (Spring Batch tables and row outcomes).",
                    "Default: spring.datasource.url if configured, else an H2 file database under "
                            + "~/.tms-provisioner/ (made owner-only at every start, with a generated password kept "
                            + "in ~/.tms-provisioner/repository.password). User and password come from "
                            + "spring.datasource.username/password (environment SPRING_DATASOURCE_USERNAME/PASSWORD), "
                            + "never from the command line."})
    String url;

    /** The URL to give as {@code spring.datasource.url} with the highest priority, or null to leave it to Spring. */
    public String explicitUrl() {
        return url;
    }

    /** Names the repository to use when the command line names none (the demo's throwaway one). */
    public void defaultTo(String jdbcUrl) {
        if (url == null) {
            url = jdbcUrl;
        }
    }
}
