package io.tmsprovisioner.cli.command;

import com.zaxxer.hikari.HikariDataSource;
import io.tmsprovisioner.batch.ProvisioningSettings;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.ConfigDefaults;
import io.tmsprovisioner.cli.config.ConfigSources;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rule of precedence, on both sides: the option of {@code run} as picocli resolves it, and what the job's
 * Spring context makes of the same configuration: the job's setting of that option, handed over as {@code run}
 * hands it, and two settings only Spring reads ({@code tms.heartbeat}, {@code spring.datasource.url}). Each
 * test puts other values of all three in two neighbouring places; the higher place's must win everywhere.
 */
class ConfigSourcesTest {
    private static final Settings HIGHER = new Settings(4, Duration.ofSeconds(4), "jdbc:h2:mem:higher");
    private static final Settings LOWER = new Settings(3, Duration.ofSeconds(3), "jdbc:h2:mem:lower");
    private static final Settings LOWEST = new Settings(2, Duration.ofSeconds(2), "jdbc:h2:mem:lowest");

    @TempDir
    Path work;
    @TempDir
    Path home;

    private final List<String> systemProperties = new ArrayList<>();

    /** The three settings, as each side sees them or as a test sets them. */
    record Settings(int maxAttempts, Duration heartbeat, String repositoryUrl) {

        String yaml() {
            return "tms:\n  max-attempts: %d\n  heartbeat: %ds\nspring:\n  datasource:\n    url: %s\n"
                    .formatted(maxAttempts, heartbeat.toSeconds(), repositoryUrl);
        }

        String properties() {
            return "tms.max-attempts=%d\ntms.heartbeat=%ds\nspring.datasource.url=%s\n"
                    .formatted(maxAttempts, heartbeat.toSeconds(), repositoryUrl);
        }

        Map<String, String> env() {
            return Map.of("TMS_MAX_ATTEMPTS", Integer.toString(maxAttempts),
                    "TMS_HEARTBEAT", heartbeat.toSeconds() + "s", "SPRING_DATASOURCE_URL", repositoryUrl);
        }
    }

    /** {@code --max-attempts} as picocli resolved it, and the settings of the job's context. */
    record Resolved(int option, Settings job) {
    }

    /** Parses {@code run ARGS} as the CLI does, then opens the job's context on what {@code run} hands it. */
    private Resolved resolve(Map<String, String> env, String... args) {
        ConfigSources configuration = ConfigSources.load(env, work, home);
        RunCommand run = new RunCommand(null);
        List<String> line = new ArrayList<>(List.of("--input", "cohort.csv"));
        line.addAll(List.of(args));
        new CommandLine(run).setDefaultValueProvider(new ConfigDefaults(configuration))
                .parseArgs(line.toArray(String[]::new));
        try (ConfigurableApplicationContext context = ApplicationContexts.open(run.repository, configuration,
                List.of(), run.runOptions.properties())) {
            ProvisioningSettings job = context.getBean(ProvisioningSettings.class);
            String url = ((HikariDataSource) context.getBean(DataSource.class)).getJdbcUrl();
            return new Resolved(run.runOptions.maxAttempts, new Settings(job.retryPolicy().maxAttempts(),
                    job.heartbeat(), url));
        }
    }

    private Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private void setSystemProperties(Settings settings) {
        Map<String, String> properties = Map.of("tms.max-attempts", Integer.toString(settings.maxAttempts()),
                "tms.heartbeat", settings.heartbeat().toSeconds() + "s", "spring.datasource.url", settings.repositoryUrl());
        properties.forEach(System::setProperty);
        systemProperties.addAll(properties.keySet());
    }

    @AfterEach
    void clearSystemProperties() {
        systemProperties.forEach(System::clearProperty);
    }

    @Test
    void theCommandLineOutranksTheEnvironment() {
        Resolved resolved = resolve(LOWER.env(), "--max-attempts", "4", "--repository-url", HIGHER.repositoryUrl());

        // the heartbeat has no option: the environment's stands
        assertThat(resolved).isEqualTo(new Resolved(4, new Settings(4, LOWER.heartbeat(), HIGHER.repositoryUrl())));
    }

    @Test
    void javaSystemPropertiesOutrankTheEnvironment() {
        setSystemProperties(HIGHER);

        assertThat(resolve(LOWER.env())).isEqualTo(new Resolved(4, HIGHER));
    }

    @Test
    void theEnvironmentOutranksTheFileNamedByTmsConfig() throws Exception {
        Path named = write(work.resolve("cron.yml"), LOWER.yaml());
        Map<String, String> env = new HashMap<>(HIGHER.env());
        env.put(ConfigSources.CONFIG_FILE, named.toString());

        assertThat(resolve(env)).isEqualTo(new Resolved(4, HIGHER));
    }

    @Test
    void theFileNamedByTmsConfigOutranksTheConfigDirectory() throws Exception {
        Path named = write(work.resolve("cron.yml"), HIGHER.yaml());
        write(work.resolve("config/application.yml"), LOWER.yaml());

        assertThat(resolve(Map.of(ConfigSources.CONFIG_FILE, named.toString()))).isEqualTo(new Resolved(4, HIGHER));
    }

    @Test
    void theConfigDirectoryOutranksTheWorkingDirectory() throws Exception {
        write(work.resolve("config/application.properties"), HIGHER.properties());
        write(work.resolve("application.yml"), LOWER.yaml());

        assertThat(resolve(Map.of())).isEqualTo(new Resolved(4, HIGHER));
    }

    @Test
    void theWorkingDirectoryOutranksTheHomeDirectory() throws Exception {
        write(work.resolve("application.yml"), HIGHER.yaml());
        write(home.resolve(".tms-provisioner/application.yml"), LOWER.yaml());

        assertThat(resolve(Map.of())).isEqualTo(new Resolved(4, HIGHER));
    }

    @Test
    void inOneDirectoryYmlOutranksYamlWhichOutranksProperties() throws Exception {
        Path yml = write(work.resolve("application.yml"), HIGHER.yaml());
        write(work.resolve("application.yaml"), LOWER.yaml());
        write(work.resolve("application.properties"), LOWEST.properties());

        Resolved all = resolve(Map.of());
        Files.delete(yml);
        Resolved withoutYml = resolve(Map.of());

        assertThat(all).isEqualTo(new Resolved(4, HIGHER));
        assertThat(withoutYml).isEqualTo(new Resolved(3, LOWER));
    }

    /** The user the repository is opened as, by the lean context of {@code status}. */
    private String repositoryUser() {
        try (ConfigurableApplicationContext context = ApplicationContexts.open(new RepositoryOptions(),
                ConfigSources.load(Map.of(), work, home))) {
            return ((HikariDataSource) context.getBean(DataSource.class)).getUsername();
        }
    }

    @Test
    void theHomeDirectoryOutranksThePackagedApplicationProperties() throws Exception {
        Path file = write(home.resolve(".tms-provisioner/application.yml"), "spring.datasource.url: jdbc:h2:mem:home\n");
        String packaged = repositoryUser();
        Files.writeString(file, "spring.datasource:\n  url: jdbc:h2:mem:home\n  username: tms\n");

        assertThat(packaged).as("spring.datasource.username of the jar's application.properties").isEqualTo("sa");
        assertThat(repositoryUser()).isEqualTo("tms");
    }

    @Test
    void theJobReadsTheOptionsOwnNamesWithoutTheCli() throws Exception {
        write(work.resolve("application.yml"), "tms:\n  max-attempts: 3\n  no-system-cache: true\n"
                + "spring.datasource.url: jdbc:h2:mem:job\n");

        try (ConfigurableApplicationContext context = ApplicationContexts.open(new RepositoryOptions(),
                ConfigSources.load(Map.of(), work, home))) {
            ProvisioningSettings job = context.getBean(ProvisioningSettings.class);

            assertThat(job.retryPolicy().maxAttempts()).isEqualTo(3);
            assertThat(job.noSystemCache()).isTrue();
        }
    }

    @Test
    void placeholdersResolveInTheSameSourcesOnBothSides() throws Exception {
        write(work.resolve("application.yml"), "tms:\n  max-attempts: ${ATTEMPTS}\n  heartbeat: ${ATTEMPTS}s\n"
                + "spring.datasource.url: jdbc:h2:mem:${ATTEMPTS}\n");

        assertThat(resolve(Map.of("ATTEMPTS", "4")))
                .isEqualTo(new Resolved(4, new Settings(4, Duration.ofSeconds(4), "jdbc:h2:mem:4")));
    }

    @Test
    void theOldNameOfMaxAttemptsIsAUsageErrorThatTellsTheNewOne() throws Exception {
        write(work.resolve("application.yml"), "tms:\n  retry:\n    max-attempts: 3\n");

        assertThatThrownBy(() -> ConfigSources.load(Map.of(), work, home))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("tms.retry.max-attempts")
                .hasMessageContaining("application.yml")
                .hasMessageContaining("is now tms.max-attempts");
        assertThatThrownBy(() -> ConfigSources.load(Map.of("TMS_RETRY_MAXATTEMPTS", "3"), work.resolve("none"), home))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("TMS_RETRY_MAXATTEMPTS");
    }
}
