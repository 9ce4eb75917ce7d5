package io.tmsprovisioner.cli;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code prune} on a real PostgreSQL (see {@link PostgresServer}, and {@link CliPostgres} for the credentials). */
class PostgresPruneTests extends PruneContract {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = CliPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        CliPostgres.stop(postgres);
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
