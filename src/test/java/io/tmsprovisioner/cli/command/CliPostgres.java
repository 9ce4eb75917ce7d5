package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real PostgreSQL for the CLI tests of one class ({@code @RegisterExtension static}). The repository's
 * user and password never go on a command line: the CLI leaves them to its configuration
 * ({@code spring.datasource.username}/{@code password}), so while the class runs they are given to every
 * command of this JVM as system properties, one source of it.
 */
final class CliPostgres implements BeforeAllCallback, AfterAllCallback {
    static final String USER_PROPERTY = "spring.datasource.username";
    static final String PASSWORD_PROPERTY = "spring.datasource.password";

    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PostgresServer.start();
        System.setProperty(USER_PROPERTY, server.user());
        System.setProperty(PASSWORD_PROPERTY, server.password());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty(USER_PROPERTY);
        System.clearProperty(PASSWORD_PROPERTY);
        server.close();
    }

    /** A fresh, empty repository database; its JDBC URL, without credentials. */
    String createDatabase() {
        return server.createDatabase();
    }

    JdbcTemplate superuserOn(String jdbcUrl) {
        return server.superuserOn(jdbcUrl);
    }

    String user() {
        return server.user();
    }

    String password() {
        return server.password();
    }
}
