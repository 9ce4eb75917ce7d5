package io.tmsprovisioner.repository;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The journal's group commit, on an H2 database whose connections count their commits and can hold one: a
 * test holds the writer in a commit, lets callers hand their notes over meanwhile (it waits until each is
 * parked in {@link GroupCommit#write}, never for a guessed time), then lets the writer go on.
 */
class GroupCommitTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    /** What the hook puts into {@link #events} at the start of each commit's transaction. */
    private static final String COMMIT = "<commit>";

    private final JdbcDataSource h2 = new JdbcDataSource();
    private final CountedCommits dataSource;
    private final JdbcTemplate jdbc;
    /** Whatever is committed, read on connections of their own. */
    private final JdbcTemplate committed;
    private final DataSourceTransactionManager transactionManager;
    /** The hook's and the notes' runs, in the order the writer ran them. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** Notes that ran on their caller's thread, or on an interrupted one. */
    private final List<String> ranOnCallerOrInterrupted = new CopyOnWriteArrayList<>();
    private final AtomicBoolean hookRefuses = new AtomicBoolean();
    private final GroupCommit groupCommit;

    GroupCommitTest() {
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        committed = new JdbcTemplate(h2);
        committed.execute("CREATE TABLE NOTE (NAME VARCHAR(32) PRIMARY KEY)");
        dataSource = new CountedCommits(h2);
        jdbc = new JdbcTemplate(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        groupCommit = new GroupCommit(transactionManager, () -> {
            events.add(COMMIT);
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                throw new IllegalStateException("the hook ran outside a transaction");
            }
            if (hookRefuses.get()) {
                throw new IllegalStateException("the lease is lost");
            }
        });
    }

    @AfterEach
    void closeTheWriter() {
        dataSource.releaseHeld();
        groupCommit.close();
    }

    @Test
    void notesHandedOverWhileACommitIsUnderWayAreAllCommittedInTheNextOne() throws Exception {
        // given: the writer held in the commit of a first note
        Held held = dataSource.holdNextCommit();
        Caller first = write("first");
        held.awaitReached();

        // when: many threads hand a note over at once, and the writer then goes on
        List<Caller> callers = IntStream.range(0, 16).mapToObj(n -> write("note" + n)).toList();
        callers.forEach(caller -> awaitWaitingIn(caller.thread, "write"));
        held.release();

        // then: each caller returns, its note committed, and the 16 notes took one commit, not 16
        first.awaitReturned();
        callers.forEach(Caller::awaitReturned);
        List<String> names = callers.stream().map(caller -> caller.name).toList();
        assertThat(committedNotes()).hasSize(17).contains("first").containsAll(names);
        assertThat(dataSource.commits()).as("commits for 17 notes").isEqualTo(2);
        assertThat(transactions()).hasSize(2);
        assertThat(transactions().get(0)).containsExactly("first");
        assertThat(transactions().get(1)).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void aWriteReturnsOnlyOnceItsNoteIsCommitted() throws Exception {
        // given: the writer held just before it commits
        Held held = dataSource.holdNextCommit();

        // when: a note is written
        Caller caller = write("durable");
        held.awaitReached();
        awaitThat(caller.thread, thread -> waitingIn(thread, "write") || !thread.isAlive());

        // then: its caller waits while the note is not committed, and returns once it is
        assertThat(caller.returned).as("returned before its note was committed").isNotDone();
        assertThat(committedNotes()).isEmpty();
        held.release();
        caller.awaitReturned();
        assertThat(committedNotes()).containsExactly("durable");
        assertThat(ranOnCallerOrInterrupted).isEmpty();
    }

    @Test
    void theNotesAreCommittedApartFromTheCallersOwnTransaction() {
        // given: a caller in a transaction of its own on the same database, with a change of its own
        TransactionTemplate callersTransaction = new TransactionTemplate(transactionManager);

        // when: it writes a note, then its own transaction is rolled back
        callersTransaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO NOTE (NAME) VALUES ('callers own')");
            groupCommit.write(note("note"));
            assertThat(committedNotes()).as("committed while the caller's transaction is open").containsExactly("note");
            status.setRollbackOnly();
        });

        // then: the note stays, and the caller's change was neither committed with it nor kept
        assertThat(committedNotes()).containsExactly("note");
        assertThat(ranOnCallerOrInterrupted).isEmpty();
    }

    @Test
    void aNoteThatFailsFailsEveryCallerOfItsBatchAndNoneOfTheBatchIsWritten() throws Exception {
        // given: the writer held in the commit of a first note, and three notes handed over meanwhile, one failing
        Held held = dataSource.holdNextCommit();
        Caller first = write("first");
        held.awaitReached();
        IllegalStateException failure = new IllegalStateException("the note cannot be written");
        List<Caller> batch = List.of(write("before"), write("failing", () -> {
            events.add("failing");
            throw failure;
        }), write("after"));
        batch.forEach(caller -> awaitWaitingIn(caller.thread, "write"));

        // when: the writer goes on
        held.release();

        // then: each caller of the failing batch gets its failure, none of its notes is written, and the writer
        // goes on writing later notes
        first.awaitReturned();
        for (Caller caller : batch) {
            assertThat(caller.failure()).isSameAs(failure);
        }
        assertThat(committedNotes()).containsExactly("first");
        groupCommit.write(note("later"));
        assertThat(committedNotes()).containsExactlyInAnyOrder("first", "later");
    }

    @Test
    void theHookRunsFirstInEveryCommitsTransactionAndWhenItThrowsNoNoteOfTheBatchIsWritten() {
        // given: two notes written one after the other
        groupCommit.write(note("one"));
        groupCommit.write(note("two"));

        // when: the hook refuses the next commit
        hookRefuses.set(true);
        assertThatThrownBy(() -> groupCommit.write(note("refused")))
                .isInstanceOf(IllegalStateException.class).hasMessage("the lease is lost");
        hookRefuses.set(false);
        groupCommit.write(note("three"));

        // then: the hook ran first in each commit (inside its transaction, or it would have failed it), and the
        // refused note was neither run nor written
        assertThat(events).containsExactly(COMMIT, "one", COMMIT, "two", COMMIT, COMMIT, "three");
        assertThat(committedNotes()).containsExactlyInAnyOrder("one", "two", "three");
    }

    @Test
    void closeWritesWhatWasHandedOverThenRefusesLaterNotes() throws Exception {
        // given: the writer held in the commit of a first note, and a second note handed over meanwhile
        Held held = dataSource.holdNextCommit();
        Caller first = write("first");
        held.awaitReached();
        Caller second = write("second");
        awaitWaitingIn(second.thread, "write");

        // when: the group commit is closed, while the writer is held
        Thread closing = new Thread(groupCommit::close, "closing");
        closing.start();
        awaitWaitingIn(closing, "close");
        held.release();

        // then: close returns once both notes are written, and later notes are refused
        closing.join(PATIENCE.toMillis());
        assertThat(closing.isAlive()).as("close returned").isFalse();
        first.awaitReturned();
        second.awaitReturned();
        assertThat(committedNotes()).containsExactlyInAnyOrder("first", "second");
        assertThatThrownBy(() -> groupCommit.write(note("too late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(committedNotes()).doesNotContain("too late");
    }

    @Test
    void aCallerInterruptedWhileItWaitsIsToldAndKeepsItsInterruptWhileTheWriterGoesOnUninterrupted() throws Exception {
        // given: the writer held in the commit of a first note, and a second note's caller waiting for its commit
        Held held = dataSource.holdNextCommit();
        Caller first = write("first");
        held.awaitReached();
        Caller interrupted = write("interrupted");
        awaitWaitingIn(interrupted.thread, "write");

        // when: the waiting caller is interrupted
        interrupted.thread.interrupt();

        // then: it is told so and keeps its interrupt flag, while the writer is unaffected: it goes on, and the
        // notes run on it, never on an interrupted thread or their caller's
        assertThat(interrupted.failure()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Interrupted");
        assertThat(interrupted.interruptedOnReturn).isTrue();
        held.release();
        first.awaitReturned();
        groupCommit.write(note("later"));
        assertThat(committedNotes()).contains("first", "later");
        assertThat(ranOnCallerOrInterrupted).isEmpty();
    }

    // --- helpers

    /** A note that inserts its name, and says when it did not run on the writer. */
    private Runnable note(String name) {
        Thread caller = Thread.currentThread();
        return () -> {
            events.add(name);
            if (Thread.currentThread() == caller || Thread.currentThread().isInterrupted()) {
                ranOnCallerOrInterrupted.add(name);
            }
            jdbc.update("INSERT INTO NOTE (NAME) VALUES (?)", name);
        };
    }

    private Caller write(String name) {
        return new Caller(name, null);
    }

    private Caller write(String name, Runnable note) {
        return new Caller(name, note);
    }

    /** The notes each commit's transaction ran, in order, as the hook and the notes recorded them. */
    private List<List<String>> transactions() {
        List<List<String>> transactions = new ArrayList<>();
        for (String event : events) {
            if (event.equals(COMMIT)) {
                transactions.add(new ArrayList<>());
            } else {
                transactions.get(transactions.size() - 1).add(event);
            }
        }
        return transactions;
    }

    private Set<String> committedNotes() {
        return Set.copyOf(committed.queryForList("SELECT NAME FROM NOTE", String.class));
    }

    /**
     * Whether the thread waits inside the named method of {@link GroupCommit}: in {@code write}, only once its note
     * is handed over (before that it can only be BLOCKED on the monitor); in {@code close}, for the writer to end.
     */
    private static boolean waitingIn(Thread thread, String method) {
        return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(GroupCommit.class.getName())
                        && frame.getMethodName().equals(method));
    }

    private static void awaitWaitingIn(Thread thread, String method) {
        awaitThat(thread, each -> waitingIn(each, method));
    }

    /** Polls the thread's state until the condition holds: no guessed time, and fails rather than hang. */
    private static void awaitThat(Thread thread, Predicate<Thread> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.test(thread)) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                fail(thread.getName() + " did not get there; it is " + thread.getState() + " in "
                        + Arrays.toString(thread.getStackTrace()));
            }
            Thread.yield();
        }
    }

    /** A thread that writes one note. */
    private final class Caller {
        final String name;
        final Thread thread;
        final CompletableFuture<Void> returned = new CompletableFuture<>();
        volatile boolean interruptedOnReturn;

        Caller(String name, Runnable given) {
            this.name = name;
            this.thread = new Thread(() -> {
                try {
                    groupCommit.write(given != null ? given : note(name));
                    returned.complete(null);
                } catch (Throwable failure) {
                    interruptedOnReturn = Thread.currentThread().isInterrupted();
                    returned.completeExceptionally(failure);
                }
            }, "caller-" + name);
            thread.start();
        }

        void awaitReturned() {
            try {
                returned.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError(name + "'s write did not return", e);
            }
        }

        Throwable failure() throws InterruptedException {
            try {
                returned.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException failed) {
                return failed.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError(name + "'s write did not return", e);
            }
            throw new AssertionError(name + "'s write did not fail");
        }
    }

    /** A commit held until the test releases it. */
    private static final class Held {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void awaitReached() throws InterruptedException {
            assertThat(reached.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("the commit was reached").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    /** A DataSource whose connections count their commits and can hold the next one. */
    private static final class CountedCommits extends DelegatingDataSource {
        private final AtomicInteger commits = new AtomicInteger();
        private volatile Held next;
        private final List<Held> holds = new CopyOnWriteArrayList<>();

        CountedCommits(JdbcDataSource target) {
            super(target);
        }

        int commits() {
            return commits.get();
        }

        Held holdNextCommit() {
            Held held = new Held();
            holds.add(held);
            next = held;
            return held;
        }

        void releaseHeld() {
            holds.forEach(Held::release);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            Held held = next;
                            next = null;
                            if (held != null) {
                                held.reached.countDown();
                                if (!held.released.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                                    throw new SQLException("the test never released the commit");
                                }
                            }
                            commits.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
