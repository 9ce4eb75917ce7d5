package io.tmsprovisioner.repository;

import io.tmsprovisioner.batch.owner.ExecutionTakenOverException;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the attempt journal must do on every database the job repository may live on: notes that outlive
 * a rolled-back chunk, group commits from many threads, and notes dropped with the chunk's commit.
 */
abstract class AttemptJournalContract {
    static final long INSTANCE = 42;

    JdbcTemplate jdbc;
    DataSourceTransactionManager transactions;

    /** A database with the project's schema; its journal and outcome tables may hold earlier tests' rows. */
    abstract DataSource dataSource();

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource());
        transactions = new DataSourceTransactionManager(dataSource());
        jdbc.update("DELETE FROM PROVISIONING_ATTEMPT");
        jdbc.update("DELETE FROM PROVISIONING_OUTCOME");
    }

    JdbcAttemptJournal journal() {
        return new JdbcAttemptJournal(jdbc, transactions, INSTANCE, () -> { });
    }

    static RowOutcome outcome(long line, Outcome outcome, Integer httpStatus) {
        return new RowOutcome(line, "jdoe", "stampede3", Action.ESTABLISH, outcome, httpStatus,
                httpStatus == null ? null : "SYSAPI_CRED_VALID_FAIL", "message of line " + line, 2, 20,
                Instant.parse("2026-11-29T02:00:00.123Z"));
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
    void committingOutcomesForgetsTheirNotesInTheSameTransaction() {
        JdbcAttemptJournal journal = journal();
        journal.createSent(3);
        journal.finished(outcome(9, Outcome.CREATED, null));
        journal.createSent(12);
        OutcomeRepository outcomes = new OutcomeRepository(jdbc);

        new TransactionTemplate(transactions).executeWithoutResult(chunk -> {
            journal.committing(List.of(9L, 3L));
            // an execution launched with no tenant or roster: the ledger notes nothing
            outcomes.insert(new ExecutionScope(INSTANCE, 7, null, null),
                    List.of(outcome(3, Outcome.CREATED, null), outcome(9, Outcome.FAILED, 401)));
        });

        assertThat(jdbc.queryForList("SELECT LINE_NUMBER FROM PROVISIONING_ATTEMPT", Long.class)).containsExactly(12L);
        assertThat(outcomes.countsForExecution(7)).isEqualTo(Map.of(Outcome.CREATED, 1L, Outcome.FAILED, 1L));
        List<RecordedOutcome> read = new ArrayList<>();
        outcomes.forEachOutcome(INSTANCE, 7, read::add);
        assertThat(read).extracting(RecordedOutcome::row)
                .containsExactly(outcome(3, Outcome.CREATED, null), outcome(9, Outcome.FAILED, 401));
        journal.createSent(9); // the line is forgotten: written anew rather than updated
        assertThat(journal().begin(9)).isEqualTo(new PriorAttempts(true, true, false, null));
    }

    @Test
    void aProcessAnotherRunTookTheExecutionFromIsToldBeforeAnyChangeAndWritesNoNote() {
        JdbcAttemptJournal journal = new JdbcAttemptJournal(jdbc, transactions, INSTANCE, () -> {
            throw new ExecutionTakenOverException(5);
        });

        assertThatThrownBy(() -> journal.createSent(3)).isInstanceOf(ExecutionTakenOverException.class);
        assertThatThrownBy(() -> journal.aboutToRemove(4)).isInstanceOf(ExecutionTakenOverException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM PROVISIONING_ATTEMPT", Integer.class)).isZero();
        journal.close();
    }

    @Test
    void onceEveryLineIsRecordedNoNoteOfTheInstanceRemains() {
        JdbcAttemptJournal journal = journal();
        journal.createSent(3);
        journal.finished(outcome(9, Outcome.CREATED, null));

        new TransactionTemplate(transactions).executeWithoutResult(lastCommit -> journal.committedAll());

        assertThat(jdbc.queryForList("SELECT LINE_NUMBER FROM PROVISIONING_ATTEMPT", Long.class)).isEmpty();
        assertThat(journal().begin(3)).isEqualTo(PriorAttempts.NONE);
    }
}
