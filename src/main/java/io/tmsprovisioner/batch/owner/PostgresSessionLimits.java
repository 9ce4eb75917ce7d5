package io.tmsprovisioner.batch.owner;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.time.Duration;
import java.util.Locale;

/**
 * Keeps a paused owner from blocking the run that takes its execution over, on PostgreSQL. An owner stopped
 * (SIGSTOP, a suspended VM) in the middle of a transaction holds that transaction's locks for as long as it is
 * stopped: the other host's takeover, which deletes the lease row, would wait on them, neither taking over nor
 * refused. So every session asks the server to end itself once it has sat idle inside a transaction for the
 * heartbeat's stale limit ({@code idle_in_transaction_session_timeout}); by then the lease is stale and may be
 * taken. No transaction of a live run idles that long: the longest wait inside one is a commit gathering finished
 * rows, about a second. A pool given its own {@code connection-init-sql} is left as configured.
 */
public class PostgresSessionLimits implements BeanPostProcessor {
    private final Duration idleInTransaction;

    /** @param idleInTransaction how long a session may idle inside a transaction: the heartbeat's stale limit */
    public PostgresSessionLimits(Duration idleInTransaction) {
        this.idleInTransaction = idleInTransaction;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getConnectionInitSql() == null
                && pool.getJdbcUrl().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            pool.setConnectionInitSql(initSql());
        }
        return bean;
    }

    String initSql() {
        return "SET idle_in_transaction_session_timeout = " + idleInTransaction.toMillis();
    }
}
