package io.tmsprovisioner.repository;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker threads interrupted while their journal notes are being written, on an H2 file database: H2
 * closes its file when a thread doing its I/O is interrupted, so no worker may do that I/O itself.
 */
class JournalInterruptTest {
    private static final int WORKERS = 8;
    private static final int NOTES_PER_WORKER = 150;

    @TempDir
    Path dir;

    @Test
    void workersInterruptedMidWriteLeaveTheRepositoryOpenAndEveryAcknowledgedNoteWritten() throws Exception {
        // given: an H2 file repository, as by default, and its journal
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setMaximumPoolSize(WORKERS + 2);
        new ResourceDatabasePopulator(new ClassPathResource("tms-schema.sql")).execute(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        JdbcAttemptJournal journal = new JdbcAttemptJournal(jdbc, new DataSourceTransactionManager(dataSource), 1, () -> { });

        // when: workers note creates as fast as they can while another thread keeps interrupting them
        AtomicLong lines = new AtomicLong();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(WORKERS);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(new Thread(() -> {
                for (int n = 0; n < NOTES_PER_WORKER; n++) {
                    long line = lines.incrementAndGet();
                    try {
                        journal.createSent(line);
                        acknowledged.add(line);
                    } catch (RuntimeException interrupted) {
                        Thread.interrupted(); // a row that was interrupted stops; the next one goes on
                    }
                }
                done.countDown();
            }));
        }
        workers.forEach(Thread::start);
        while (done.getCount() > 0) {
            for (Thread worker : workers) {
                worker.interrupt();
            }
            Thread.onSpinWait();
        }
        journal.close();

        // then: the database still answers, and every note a worker was told is durable is there
        Set<Long> written = ConcurrentHashMap.newKeySet();
        written.addAll(jdbc.queryForList("SELECT LINE_NUMBER FROM PROVISIONING_ATTEMPT WHERE CREATE_SENT", Long.class));
        assertThat(written).containsAll(acknowledged);
        assertThat(written).as("notes were written while the workers were being interrupted").isNotEmpty();
    }
}
