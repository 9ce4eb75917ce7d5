package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcAttemptJournalTest {
    private static final long INSTANCE = 42;

    private JdbcTemplate jdbc;
    private DataSourceTransactionManager transactions;

    @BeforeEach
    void createDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("tms-schema.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
    }

    private JdbcAttemptJournal journal() {
        return new JdbcAttemptJournal(jdbc, transactions, INSTANCE);
    }

    private static RowOutcome outcome(long line) {
        return new RowOutcome(line, "jdoe", "stampede3", Action.ESTABLISH, Outcome.ALREADY_PRESENT, null, null,
                "credential exists and Tapis validated it", 1, 20, Instant.parse("2026-11-29T02:00:00Z"));
    }

    @Test
    void notesOutliveAChunkThatNeverCommitsAndAreReadByTheNextExecution() {
        // given: notes written while a chunk transaction is open, then rolled back
        JdbcAttemptJournal first = journal();
        new TransactionTemplate(transactions).executeWithoutResult(chunk -> {
            first.createSent(3);
            first.removed(4);
            first.createSent(4);
            first.finished(outcome(5));
            chunk.setRollbackOnly();
        });

        // when: the resumed execution opens its journal
        JdbcAttemptJournal resumed = journal();

        // then
        assertThat(resumed.begin(3)).isEqualTo(new PriorAttempts(true, true, false, null));
        assertThat(resumed.begin(4)).isEqualTo(new PriorAttempts(true, true, true, null));
        assertThat(resumed.begin(5).finished()).isEqualTo(outcome(5));
        assertThat(resumed.begin(6)).isEqualTo(PriorAttempts.NONE);
    }

    @Test
    void manyThreadsNotingAtOnceAreAllWritten() throws Exception {
        JdbcAttemptJournal journal = journal();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (long line = 1; line <= 400; line++) {
                long noted = line;
                writes.add(threads.submit(() -> journal.createSent(noted)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_ATTEMPT WHERE CREATE_SENT", Integer.class))
                .isEqualTo(400);
    }

    @Test
    void committingAChunkForgetsItsNotes() {
        JdbcAttemptJournal journal = journal();
        journal.createSent(3);
        journal.finished(outcome(9));
        journal.createSent(12);

        new TransactionTemplate(transactions).executeWithoutResult(chunk -> journal.committing(3, 10));

        assertThat(jdbc.queryForList("SELECT LINE_NUMBER FROM PROVISIONING_ATTEMPT", Long.class)).containsExactly(12L);
        journal.createSent(9); // the line is forgotten: written anew rather than updated
        assertThat(journal().begin(9)).isEqualTo(new PriorAttempts(true, true, false, null));
    }
}
