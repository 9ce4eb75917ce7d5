package io.tmsprovisioner.cli;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code prune} on a real PostgreSQL (see {@link PostgresServer} and {@link PostgresCliTests} for the credentials). */
class PostgresPruneTests extends PruneContract {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        System.setProperty("spring.datasource.username", postgres.user());
        System.setProperty("spring.datasource.password", postgres.password());
    }

    @AfterAll
    static void stopPostgres() {
        System.clearProperty("spring.datasource.username");
        System.clearProperty("spring.datasource.password");
        postgres.close();
    }

    @Override
    String newRepository() {
        return postgres.createDatabase();
    }

    @Override
    JdbcTemplate database() {
        return postgres.superuserOn(repository);
    }
}
