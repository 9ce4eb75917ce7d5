package io.tmsprovisioner.repository;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.util.UUID;

/** The attempt journal on H2, the default repository. */
class JdbcAttemptJournalTest extends AttemptJournalContract {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    JdbcAttemptJournalTest() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        // Spring Batch's tables, which every repository has beside the project's (outcomes name their executions)
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql"),
                new ClassPathResource("tms-schema.sql")).execute(dataSource);
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
