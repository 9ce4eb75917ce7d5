package io.tmsprovisioner.cli.command;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code prune} on an H2 file repository (the default of {@link CliTestSupport}). */
class PruneTests extends PruneContract {

    @Override
    JdbcTemplate database() {
        return new JdbcTemplate(new DriverManagerDataSource(repository, "sa", ""));
    }
}
