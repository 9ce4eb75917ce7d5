package io.tmsprovisioner.repository;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class H2DurabilityTest {

    @Test
    void fileDatabasesFlushEveryCommit() {
        assertThat(H2Durability.durable("jdbc:h2:file:/home/a/.tms-provisioner/repository;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/home/a/.tms-provisioner/repository;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(H2Durability.durable("jdbc:h2:~/repo")).isEqualTo("jdbc:h2:~/repo;WRITE_DELAY=0");
    }

    @Test
    void otherDatabasesAndExplicitSettingsAreLeftAlone() {
        assertThat(H2Durability.durable("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(H2Durability.durable("jdbc:h2:tcp://db/repo")).isEqualTo("jdbc:h2:tcp://db/repo");
        assertThat(H2Durability.durable("jdbc:h2:file:/r;WRITE_DELAY=100")).isEqualTo("jdbc:h2:file:/r;WRITE_DELAY=100");
        assertThat(H2Durability.durable("jdbc:postgresql://db/tms")).isEqualTo("jdbc:postgresql://db/tms");
    }

    @Test
    void aCommitReturnsOnlyOnceTheTransactionIsForcedToTheDisk(@TempDir Path dir) {
        long forcesBefore = ForceCountingFiles.forces();
        String url = "jdbc:h2:" + ForceCountingFiles.SCHEME + ":" + dir.resolve("repository");

        long plain = forcesPerCommit(pool(url + ";WRITE_DELAY=0"));
        HikariDataSource durable = pool(url);
        new H2Durability().postProcessBeforeInitialization(durable, "dataSource");
        long synced = forcesPerCommit(durable);

        assertThat(forcesBefore).as("nothing opened before").isZero();
        assertThat(plain).as("H2 with WRITE_DELAY=0 writes at commit but leaves it in the OS cache").isZero();
        assertThat(synced).as("forced at each commit").isEqualTo(3);
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        return pool;
    }

    /** Forces of the file during three committed transactions of one insert each. */
    private static long forcesPerCommit(HikariDataSource pool) {
        try (pool) {
            JdbcTemplate jdbc = new JdbcTemplate(pool);
            jdbc.execute("CREATE TABLE IF NOT EXISTS NOTE (ID INT PRIMARY KEY)");
            jdbc.update("DELETE FROM NOTE");
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
            long before = ForceCountingFiles.forces();
            for (int id = 1; id <= 3; id++) {
                int note = id;
                transaction.executeWithoutResult(status -> jdbc.update("INSERT INTO NOTE VALUES (?)", note));
            }
            return ForceCountingFiles.forces() - before;
        }
    }
}
