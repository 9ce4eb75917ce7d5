package io.tmsprovisioner.repository;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * Makes a commit to an H2 file database survive a power loss, as it does on PostgreSQL. H2 2.4 (MVStore)
 * writes a file database's changes up to half a second after a commit ({@code WRITE_DELAY}); with
 * {@code WRITE_DELAY=0} it writes them during the commit, but never forces them to the disk (it calls
 * {@code FileChannel.force} only on {@code CHECKPOINT SYNC}, compaction and close): the operating system
 * keeps them in its cache, which a process kill does not lose and a power loss or host crash does. A lost
 * "create sent" note would make a resumed reset remove and mint keys again.
 *
 * <p>So every H2 file URL, wherever it was configured, gets {@code WRITE_DELAY=0} unless it sets its own,
 * and the pool's connections run {@code CHECKPOINT SYNC} (an fsync of the file) after each commit: once
 * {@link Connection#commit()} returns, the transaction is on the disk.
 */
public class H2Durability implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
                && isH2File(dataSource.getJdbcUrl())) {
            String url = durable(dataSource.getJdbcUrl());
            dataSource.setJdbcUrl(url);
            // what the pool would have built from the URL itself; it still asks with the configured user and password
            dataSource.setDataSource(new SyncedCommits(new DriverDataSource(url, org.h2.Driver.class.getName(),
                    new Properties(), null, null)));
        }
        return bean;
    }

    static String durable(String url) {
        return isH2File(url) && !url.toLowerCase(Locale.ROOT).contains("write_delay") ? url + ";WRITE_DELAY=0" : url;
    }

    private static boolean isH2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:")
                && !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
    }

    /** Connections whose {@code commit()} returns once the transaction is forced to the disk. */
    private static final class SyncedCommits extends DelegatingDataSource {

        SyncedCommits(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return syncingCommits(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return syncingCommits(super.getConnection(username, password));
        }

        private static Connection syncingCommits(Connection connection) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                    (proxy, method, arguments) -> {
                        Object result;
                        try {
                            result = method.invoke(connection, arguments);
                        } catch (InvocationTargetException failed) {
                            throw failed.getCause();
                        }
                        if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                            try (Statement sync = connection.createStatement()) {
                                sync.execute("CHECKPOINT SYNC");
                            }
                        }
                        return result;
                    });
        }
    }
}
