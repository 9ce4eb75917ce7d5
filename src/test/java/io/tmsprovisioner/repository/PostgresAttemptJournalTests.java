package io.tmsprovisioner.repository;

import io.tmsprovisioner.PostgresServer;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own SQL on a real PostgreSQL: the schema script (run on every start), the attempt
 * journal's contract with its INSERT / {@code UPDATE ... SET (a, b) = (?, ?)} / BOOLEAN / TIMESTAMP statements,
 * and the credential ledger's, with its batched statements ({@link CredentialLedgerOnPostgres}).
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
        // Spring Batch's tables, which every repository has beside the project's (outcomes name their executions)
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                .execute(dataSource);
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

    /** On the same server: starting one takes seconds. */
    @Nested
    class CredentialLedgerOnPostgres extends CredentialLedgerContract {
        @Override
        DataSource dataSource() {
            return dataSource;
        }
    }

    @Test
    void theSchemaScriptRanThreeTimesAndLeftOneOfEachTableAndIndex() {
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_name LIKE 'provisioning%' ORDER BY table_name", String.class))
                .containsExactly("provisioning_attempt", "provisioning_credential", "provisioning_departed",
                        "provisioning_heartbeat", "provisioning_launch", "provisioning_outcome", "provisioning_sync");
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'provisioning_outcome' "
                + "ORDER BY indexname", String.class))
                .containsExactly("provisioning_outcome_execution_ix", "provisioning_outcome_pair_ix", "provisioning_outcome_pk",
                        "provisioning_outcome_user_ix");
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'provisioning_attempt' AND column_name = 'create_sent'", String.class))
                .isEqualTo("boolean");
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'provisioning_heartbeat' AND column_name = 'beat_at'", String.class))
                .as("a point in time, whatever the hosts' time zones").isEqualTo("timestamp with time zone");
    }

    @Test
    void anOutcomeWhoseTextHoldsANulOrATerminalEscapeIsStoredPrintable() {
        // PostgreSQL refuses a NUL in text: the row could never be written, on every resume again
        RowOutcome hostile = new RowOutcome(7, "jdoe", "stampede3", Action.ESTABLISH, Outcome.FAILED, 500,
                "SYSAPI\u0000ERR", "HTTP 500: refused\u0000 \u001b[2Jhere", 1, 20, Instant.parse("2026-11-29T02:00:00Z"));
        OutcomeRepository outcomes = new OutcomeRepository(jdbc);

        outcomes.insert(new ExecutionScope(INSTANCE, 1, null, null), List.of(hostile));

        List<RowOutcome> stored = new ArrayList<>();
        outcomes.forEachOutcome(INSTANCE, 1, recorded -> stored.add(recorded.row()));
        assertThat(stored).singleElement().satisfies(row -> {
            assertThat(row.message()).isEqualTo("HTTP 500: refused\uFFFD \uFFFDhere");
            assertThat(row.tapisCode()).isEqualTo("SYSAPI\uFFFDERR");
            assertThat(row.username()).isEqualTo("jdoe");
        });
    }
}
