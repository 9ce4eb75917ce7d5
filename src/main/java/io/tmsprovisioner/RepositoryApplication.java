package io.tmsprovisioner;

import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchDataSourceScriptDatabaseInitializer;
import org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * The context of the commands that only read or tidy the repository ({@code status}, {@code report},
 * {@code prune}): the data source as configured, both schemas (created when missing, as by {@code run}) and
 * a JDBC job repository to read executions with. Without the job and the rest of Spring Boot's
 * auto-configuration (batch launcher, observation, task executors, ...), whose set-up was most of those
 * commands' start-up time (see {@code bench/status.sh}).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class})
@EnableConfigurationProperties(BatchJdbcProperties.class)
@Import(RepositoryConfiguration.class)
public class RepositoryApplication {

    /** Spring Batch's tables, as Spring Boot's batch set-up creates them for {@code run}. */
    @Bean
    BatchDataSourceScriptDatabaseInitializer batchSchema(DataSource dataSource, BatchJdbcProperties properties) {
        return new BatchDataSourceScriptDatabaseInitializer(dataSource, properties);
    }

    @Bean
    JdbcJobRepositoryFactoryBean jobRepository(DataSource dataSource, PlatformTransactionManager transactionManager) {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(transactionManager);
        return factory;
    }
}
