package io.tmsprovisioner;

import io.tmsprovisioner.repository.H2Durability;
import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.batch.owner.PostgresSessionLimits;
import io.tmsprovisioner.batch.ProvisioningSettings;
import io.tmsprovisioner.report.ExecutionHistory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

/** What every command that opens the job repository uses of it, whichever context it starts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningSettings.class)
@Import(OutcomeRepository.class)
public class RepositoryConfiguration {

    @Bean
    static H2Durability h2Durability() {
        return new H2Durability();
    }

    /** The stale limit of this process's heartbeat, as {@link ProvisioningSettings} binds {@code tms.heartbeat}. */
    @Bean
    static PostgresSessionLimits postgresSessionLimits(Environment environment) {
        Duration heartbeat = Binder.get(environment).bind("tms.heartbeat", Duration.class)
                .orElseGet(() -> DurationStyle.detectAndParse(ProvisioningSettings.DEFAULT_HEARTBEAT));
        return new PostgresSessionLimits(Heartbeat.staleAfter(heartbeat));
    }

    /** Written by a running job, read by {@code run} on another host and by {@code status}. */
    @Bean
    Heartbeat heartbeat(JdbcTemplate jdbc, ProvisioningSettings settings) {
        return new Heartbeat(jdbc, settings.heartbeat());
    }

    @Bean
    ExecutionHistory executionHistory(JobRepository jobRepository, OutcomeRepository outcomes) {
        return new ExecutionHistory(jobRepository, outcomes);
    }
}
