package io.tmsprovisioner.cli;

import io.tmsprovisioner.PostgresServer;

/**
 * A real PostgreSQL for the CLI tests of one class. The repository's user and password never go on a
 * command line: the CLI leaves them to its configuration ({@code spring.datasource.username}/{@code
 * password}), so they are given to every command of this JVM as system properties, one source of it.
 */
final class CliPostgres {
    static final String USER_PROPERTY = "spring.datasource.username";
    static final String PASSWORD_PROPERTY = "spring.datasource.password";

    private CliPostgres() {
    }

    /** Starts a server and gives its credentials to the commands this JVM runs. */
    static PostgresServer start() {
        PostgresServer postgres = PostgresServer.start();
        System.setProperty(USER_PROPERTY, postgres.user());
        System.setProperty(PASSWORD_PROPERTY, postgres.password());
        return postgres;
    }

    /** Takes the credentials back, then stops the server. */
    static void stop(PostgresServer postgres) {
        System.clearProperty(USER_PROPERTY);
        System.clearProperty(PASSWORD_PROPERTY);
        postgres.close();
    }
}
