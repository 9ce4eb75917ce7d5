package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own SQL on a real PostgreSQL: the schema script (run on every start), and the attempt
 * journal's contract with its INSERT / {@code UPDATE ... SET (a, b) = (?, ?)} / BOOLEAN / TIMESTAMP statements.
 */
class PostgresAttemptJournalTests extends AttemptJournalContract {
    private static PostgresServer postgres;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.createDatabase());
        dataSource.setUser(postgres.user());
        dataSource.setPassword(postgres.password());
        // run as on every start of the application: the second and third time must change nothing
        for (int start = 1; start <= 3; start++) {
            new ResourceDatabasePopulator(new ClassPathResource("tms-schema.sql")).execute(dataSource);
        }
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }

    @Test
    void theSchemaScriptRanThreeTimesAndLeftOneOfEachTableAndIndex() {
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_name LIKE 'provisioning%' ORDER BY table_name", String.class))
                .containsExactly("provisioning_attempt", "provisioning_heartbeat", "provisioning_outcome");
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'provisioning_outcome' "
                + "ORDER BY indexname", String.class))
                .containsExactly("provisioning_outcome_execution_ix", "provisioning_outcome_pk");
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'provisioning_attempt' AND column_name = 'create_sent'", String.class))
                .isEqualTo("boolean");
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'provisioning_heartbeat' AND column_name = 'beat_at'", String.class))
                .as("a point in time, whatever the hosts' time zones").isEqualTo("timestamp with time zone");
    }
}
