package io.tmsprovisioner.batch;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps the application's DataSource so that one commit of the step's outcomes fails as a connection lost
 * at that moment would: after the database committed it, or before. Spring Batch then cannot tell whether
 * the chunk was committed and ends the step and the job UNKNOWN.
 */
class FailingOutcomeCommits implements BeanPostProcessor {
    enum When {
        /** The transaction is committed, then the driver reports an error. */
        AFTER_COMMITTING,
        /** The transaction is rolled back (as the server does when the connection drops), and an error reported. */
        INSTEAD_OF_COMMITTING
    }

    private volatile When when;
    /** Commits with outcomes still to pass before the one that fails. */
    private final AtomicInteger passing = new AtomicInteger();

    /** Makes the {@code nth} commit that carries outcomes fail, from now on. */
    void failOutcomeCommit(int nth, When how) {
        passing.set(nth - 1);
        when = how;
    }

    void disarm() {
        when = null;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource)) {
            return bean;
        }
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                return watched(super.getConnection());
            }
        };
    }

    private Connection watched(Connection connection) {
        boolean[] carriesOutcomes = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "prepareStatement" -> carriesOutcomes[0] |= ((String) args[0])
                                .startsWith("INSERT INTO PROVISIONING_OUTCOME");
                        case "commit" -> {
                            When failing = carriesOutcomes[0] ? failingNow() : null;
                            carriesOutcomes[0] = false;
                            if (failing != null) {
                                if (failing == When.AFTER_COMMITTING) {
                                    connection.commit();
                                } else {
                                    connection.rollback();
                                }
                                throw new SQLTransientConnectionException("connection lost during the commit");
                            }
                        }
                        case "rollback" -> carriesOutcomes[0] = false;
                        default -> { }
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The failure for this commit, once: the next ones go through. */
    private When failingNow() {
        When armed = when;
        if (armed == null || passing.getAndDecrement() > 0) {
            return null;
        }
        when = null;
        return armed;
    }
}
