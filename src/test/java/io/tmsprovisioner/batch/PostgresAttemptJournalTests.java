package io.tmsprovisioner.batch;

import io.tmsprovisioner.PostgresServer;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own SQL on a real PostgreSQL: the schema script (run on every start), the attempt
 * journal's INSERT / {@code UPDATE ... SET (a, b) = (?, ?)} / BOOLEAN / TIMESTAMP statements.
 */
class PostgresAttemptJournalTests {
    private static final long INSTANCE = 42;
    private static PostgresServer postgres;
    private static PGSimpleDataSource dataSource;

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;

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

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT");
        jdbc.update("DELETE FROM PROVISIONING_OUTCOME");
    }

    private JdbcAttemptJournal journal() {
        return new JdbcAttemptJournal(jdbc, transactions, INSTANCE);
    }

    private static RowOutcome outcome(long line, Outcome outcome, Integer httpStatus) {
        return new RowOutcome(line, "jdoe", "stampede3", Action.ESTABLISH, outcome, httpStatus,
                httpStatus == null ? null : "SYSAPI_CRED_VALID_FAIL", "message of line " + line, 2, 20,
                Instant.parse("2026-11-29T02:00:00.123Z"));
    }

    @Test
    void theSchemaScriptRanThreeTimesAndLeftOneOfEachTableAndIndex() {
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_name LIKE 'provisioning%' ORDER BY table_name", String.class))
                .containsExactly("provisioning_attempt", "provisioning_outcome");
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'provisioning_outcome' "
                + "ORDER BY indexname", String.class))
                .containsExactly("provisioning_outcome_execution_ix", "provisioning_outcome_pk");
        assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
                + "WHERE table_name = 'provisioning_attempt' AND column_name = 'create_sent'", String.class))
                .isEqualTo("boolean");
    }

    @Test
    void notesOutliveAChunkThatNeverCommitsAndAreReadByTheNextExecution() {
        // given: notes written while a chunk transaction is open, then rolled back; line 6 is first noted as
        // sent and then finished, which updates all outcome columns at once (UPDATE ... SET (..) = (..))
        JdbcAttemptJournal first = journal();
        new TransactionTemplate(transactions).executeWithoutResult(chunk -> {
            first.createSent(3);
            first.removed(4);
            first.createSent(4);
            first.finished(outcome(5, Outcome.ALREADY_PRESENT, null));
            first.createSent(6);
            first.finished(outcome(6, Outcome.FAILED, 401));
            chunk.setRollbackOnly();
        });

        // when: the resumed execution opens its journal
        JdbcAttemptJournal resumed = journal();

        // then
        assertThat(resumed.begin(3)).isEqualTo(new PriorAttempts(true, true, false, null));
        assertThat(resumed.begin(4)).isEqualTo(new PriorAttempts(true, true, true, null));
        assertThat(resumed.begin(5).finished()).isEqualTo(outcome(5, Outcome.ALREADY_PRESENT, null));
        assertThat(resumed.begin(6)).isEqualTo(new PriorAttempts(true, true, false, outcome(6, Outcome.FAILED, 401)));
        assertThat(resumed.begin(7)).isEqualTo(PriorAttempts.NONE);
    }

    @Test
    void committingAChunkForgetsItsNotesAndItsOutcomesAreWrittenInTheSameTransaction() {
        JdbcAttemptJournal journal = journal();
        journal.createSent(3);
        journal.finished(outcome(9, Outcome.CREATED, null));
        journal.createSent(12);
        OutcomeRepository outcomes = new OutcomeRepository(jdbc);

        new TransactionTemplate(transactions).executeWithoutResult(chunk -> {
            journal.committing(3, 10);
            outcomes.insert(INSTANCE, 7, List.of(outcome(3, Outcome.CREATED, null), outcome(9, Outcome.FAILED, 401)));
        });

        assertThat(jdbc.queryForList("SELECT LINE_NUMBER FROM PROVISIONING_ATTEMPT", Long.class)).containsExactly(12L);
        assertThat(outcomes.countsForExecution(7)).isEqualTo(Map.of(Outcome.CREATED, 1L, Outcome.FAILED, 1L));
        List<RecordedOutcome> read = new java.util.ArrayList<>();
        outcomes.forEachOutcome(INSTANCE, 7, read::add);
        assertThat(read).extracting(RecordedOutcome::row)
                .containsExactly(outcome(3, Outcome.CREATED, null), outcome(9, Outcome.FAILED, 401));
        journal.createSent(9); // the line is forgotten: written anew rather than updated
        assertThat(journal().begin(9)).isEqualTo(new PriorAttempts(true, true, false, null));
    }
}
