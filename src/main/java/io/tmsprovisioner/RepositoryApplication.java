package io.tmsprovisioner;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.ApplicationScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.SqlInitializationProperties;
import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * The context of the commands that only read or tidy the repository ({@code status}, {@code report},
 * {@code history}, {@code stop}, {@code abandon}, {@code prune}): the data source as {@code spring.datasource.*} configures it, both schemas (created when
 * missing, as by {@code run}) and a JDBC job repository to read executions with.
 *
 * <p>Its beans are registered as functions ({@link Initializer}) rather than found by Spring Boot's
 * auto-configuration: evaluating the conditions of the data source, batch, observation and task
 * auto-configurations, and building what they offer, was most of these commands' start-up (see
 * {@code bench/status.sh}). The settings are read the same way, with Spring Boot's binder.
 */
@Configuration(proxyBeanMethods = false)
@Import(RepositoryConfiguration.class)
public class RepositoryApplication {

    /** Registers the data source, transactions, schemas and the job repository. */
    public static final class Initializer implements ApplicationContextInitializer<GenericApplicationContext> {

        @Override
        public void initialize(GenericApplicationContext context) {
            Binder binder = Binder.get(context.getEnvironment());
            context.registerBean(DataSource.class, () -> dataSource(binder, context.getClassLoader()),
                    definition -> definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD));
            context.registerBean(JdbcTemplate.class, () -> new JdbcTemplate(context.getBean(DataSource.class)));
            context.registerBean(PlatformTransactionManager.class,
                    () -> new JdbcTransactionManager(context.getBean(DataSource.class)));
            context.registerBean(JobRepository.class, () -> jobRepository(context, binder));
        }

        /** As Spring Boot's data source auto-configuration builds it: a Hikari pool with spring.datasource.hikari.* applied. */
        private static DataSource dataSource(Binder binder, ClassLoader classLoader) {
            DataSourceProperties properties = binder.bind("spring.datasource",
                    Bindable.ofInstance(new DataSourceProperties())).orElseGet(DataSourceProperties::new);
            properties.setBeanClassLoader(classLoader);
            try {
                properties.afterPropertiesSet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
            binder.bind("spring.datasource.hikari", Bindable.ofInstance(pool));
            if (properties.getName() != null) {
                pool.setPoolName(properties.getName());
            }
            return pool;
        }

        private static JobRepository jobRepository(GenericApplicationContext context, Binder binder) {
            // the schemas first, as spring.batch.jdbc.* and spring.sql.init.* say: a fresh repository has no tables
            DataSource dataSource = context.getBean(DataSource.class);
            initialize(new BatchDataSourceScriptDatabaseInitializer(dataSource,
                    binder.bindOrCreate("spring.batch.jdbc", BatchJdbcProperties.class)), context);
            initialize(new DataSourceScriptDatabaseInitializer(dataSource, ApplicationScriptDatabaseInitializer.getSettings(
                    binder.bindOrCreate("spring.sql.init", SqlInitializationProperties.class))), context);
            JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
            factory.setDataSource(dataSource);
            factory.setTransactionManager(context.getBean(PlatformTransactionManager.class));
            try {
                factory.afterPropertiesSet();
                return factory.getObject();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot open the job repository", e);
            }
        }

        private static void initialize(AbstractScriptDatabaseInitializer initializer, GenericApplicationContext context) {
            initializer.setResourceLoader(context);
            initializer.initializeDatabase();
        }
    }
}
