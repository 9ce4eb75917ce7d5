package io.tmsprovisioner.cli.repository;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.util.Optional;

/**
 * The Spring side of {@link DefaultRepository}: before the pool opens the repository, makes an H2 file
 * database in {@code ~/.tms-provisioner} owner-only (the default one, or the user's own URL there) and
 * gives the default one its password. The password goes to the pool only: never a property, an
 * argument or a log line (Hikari masks it in its own).
 */
public final class RepositoryFiles implements BeanPostProcessor {
    private final DefaultRepository defaults;
    private volatile String opened;

    /** The files of {@code defaults}' directory, protected as the pool opens a database there. */
    public RepositoryFiles(DefaultRepository defaults) {
        this.defaults = defaults;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null) {
            Optional<String> database = defaults.databaseNameIn(dataSource.getJdbcUrl());
            database.ifPresent(defaults::protect);
            opened = database.orElse(null);
            if (defaults.isUrlOf(dataSource.getJdbcUrl())) {
                dataSource.setPassword(defaults.password().reveal());
            }
        }
        return bean;
    }

    /** Once the repository is open: H2 creates its lock file (and maybe a trace file) as it opens it. */
    public void afterOpening() {
        if (opened != null) {
            defaults.protect(opened);
        }
    }
}
