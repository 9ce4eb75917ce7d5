package io.tmsprovisioner.batch.owner;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Only PostgreSQL pools, and only those without an init SQL of their own, get the idle-in-transaction limit. */
class PostgresSessionLimitsTest {
    private final PostgresSessionLimits limits = new PostgresSessionLimits(Duration.ofMinutes(2));

    private static HikariDataSource pool(String url) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        return pool;
    }

    @Test
    void aPostgresSessionEndsOnceItIdlesInATransactionForTheStaleLimit() {
        HikariDataSource pool = pool("jdbc:postgresql://db.example.org/tms");

        limits.postProcessBeforeInitialization(pool, "dataSource");

        assertThat(pool.getConnectionInitSql()).isEqualTo("SET idle_in_transaction_session_timeout = 120000");
    }

    @Test
    void anH2PoolAndAPoolWithItsOwnInitSqlAreLeftAsConfigured() {
        HikariDataSource h2 = pool("jdbc:h2:file:/tmp/repository");
        HikariDataSource own = pool("jdbc:postgresql://db.example.org/tms");
        own.setConnectionInitSql("SET search_path = tms");

        limits.postProcessBeforeInitialization(h2, "dataSource");
        limits.postProcessBeforeInitialization(own, "dataSource");

        assertThat(h2.getConnectionInitSql()).isNull();
        assertThat(own.getConnectionInitSql()).isEqualTo("SET search_path = tms");
    }
}
