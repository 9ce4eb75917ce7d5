package io.tmsprovisioner.cli;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@code prune} on an H2 file repository. */
class PruneTests extends PruneContract {

    @Override
    String newRepository() {
        return "jdbc:h2:file:" + dir.resolve("repository");
    }

    @Override
    JdbcTemplate database() {
        return new JdbcTemplate(new DriverManagerDataSource(repository, "sa", ""));
    }
}
