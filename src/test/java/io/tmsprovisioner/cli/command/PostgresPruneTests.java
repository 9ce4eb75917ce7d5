package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code prune} on a real PostgreSQL (see {@link PostgresServer}, and {@link CliPostgres} for the credentials). */
class PostgresPruneTests extends PruneContract {
    @RegisterExtension
    static final CliPostgres postgres = new CliPostgres();

    @Override
    String newRepository() {
        return postgres.createDatabase();
    }

    @Override
    JdbcTemplate database() {
        return postgres.superuserOn(repository);
    }
}
