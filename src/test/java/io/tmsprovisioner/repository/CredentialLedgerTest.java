package io.tmsprovisioner.repository;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.util.UUID;

/** The ledger on H2, the default repository. */
class CredentialLedgerTest extends CredentialLedgerContract {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    CredentialLedgerTest() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("tms-schema.sql")).execute(dataSource);
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
