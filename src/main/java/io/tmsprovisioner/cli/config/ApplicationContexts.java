package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.ProvisioningApplication;
import io.tmsprovisioner.RepositoryApplication;
import io.tmsprovisioner.cli.OneLineFailure;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.repository.DefaultRepository;
import io.tmsprovisioner.cli.repository.RepositoryFiles;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Starts the Spring context a command needs, on the repository the command line names. */
public final class ApplicationContexts {
    private static final String IGNORE_BACKGROUND_PREINITIALIZER = "spring.backgroundpreinitializer.ignore";

    private ApplicationContexts() {
    }

    /**
     * A database that cannot be opened, or a {@code tms.*} setting that cannot be taken, is a configuration
     * error (exit 2), told in one line.
     */
    private static RuntimeException configurationError(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OneLineFailure reported) {
                return reported; // the repository's files or password, from RepositoryFiles
            }
            if (cause instanceof BindException setting) {
                return invalidSetting(setting);
            }
            if (cause instanceof SQLException database) {
                return new UsageException("Cannot open the job repository: " + withoutFinalPeriod(database.getMessage())
                        + ". Check --repository-url (or spring.datasource.url) and the database user and password "
                        + "(spring.datasource.username / SPRING_DATASOURCE_PASSWORD).");
            }
        }
        return failure;
    }

    private static String withoutFinalPeriod(String message) {
        String text = message.strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static UsageException invalidSetting(BindException setting) {
        Throwable reason = setting;
        while (reason.getCause() != null) {
            reason = reason.getCause();
        }
        ConfigurationProperty property = setting.getProperty();
        String where = property == null ? "under '" + setting.getName() + "'"
                : property.getName() + " = " + property.getValue() + " (" + property.getOrigin() + ")";
        return new UsageException("Invalid setting " + where + ": " + reason.getMessage() + ". Nothing was started.");
    }

    /**
     * Settings under {@code prefix} of an open context's environment, with their defaults.
     *
     * @throws UsageException when one cannot be taken, naming it and where it came from
     */
    public static <T> T bind(ConfigurableApplicationContext context, String prefix, Class<T> type) {
        try {
            return Binder.get(context.getEnvironment()).bindOrCreate(prefix, type);
        } catch (BindException unusable) {
            throw invalidSetting(unusable);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(GenericApplicationContext context, T bean) {
        context.registerBean((Class<T>) bean.getClass(), () -> bean);
    }

    /** The lean context of a command that only reads or tidies the repository. */
    public static ConfigurableApplicationContext open(RepositoryOptions repository, ConfigSources configuration) {
        // Spring Boot warms up Jackson, validation and conversion on another thread for the context to come;
        // these commands use none of them, and on two cores that thread slows their start
        System.setProperty(IGNORE_BACKGROUND_PREINITIALIZER, "true");
        return start(new SpringApplicationBuilder(RepositoryApplication.class)
                .initializers(new RepositoryApplication.Initializer()), repository, configuration, List.of(), Map.of());
    }

    /**
     * The context of a command that runs the job: Spring Boot's batch set-up and the given configurations.
     *
     * @param beans          objects the job needs from the command line (the Tapis client, the progress line)
     * @param options        properties from command-line options; they outrank every other source
     * @param configurations extra configuration classes (the job's, for {@code run})
     */
    public static ConfigurableApplicationContext open(RepositoryOptions repository, ConfigSources configuration,
                                                      List<Object> beans, Map<String, String> options,
                                                      Class<?>... configurations) {
        return start(new SpringApplicationBuilder(ProvisioningApplication.class).sources(configurations),
                repository, configuration, beans, options);
    }

    private static ConfigurableApplicationContext start(SpringApplicationBuilder builder, RepositoryOptions repository,
                                                        ConfigSources configuration, List<Object> beans,
                                                        Map<String, String> options) {
        // every command closes its context itself; a JVM shutdown must not close one under a running job
        builder.logStartupInfo(false).registerShutdownHook(false);
        // the settings' sources as picocli's defaults read them, so that both sides resolve a setting alike
        builder.environment(configuration.environment());
        DefaultRepository defaults = new DefaultRepository(Path.of(System.getProperty("user.home")));
        if (repository.explicitUrl() == null) {
            // default properties rank lowest: application.yml or the environment still win
            builder.properties(Map.of("spring.datasource.url", defaults.url()));
        }
        RepositoryFiles files = new RepositoryFiles(defaults);
        builder.initializers(context -> {
            beans.forEach(bean -> register((GenericApplicationContext) context, bean));
            context.getBeanFactory().addBeanPostProcessor(files);
        });
        // a command-line property outranks every other source, as an explicit option should
        Map<String, String> properties = new LinkedHashMap<>(options);
        // the user's files are in the environment already, in their order: Spring Boot reads only the packaged one
        properties.put("spring.config.location", "optional:classpath:/");
        if (repository.explicitUrl() != null) {
            properties.put("spring.datasource.url", repository.explicitUrl());
        }
        try {
            ConfigurableApplicationContext context = builder.run(properties.entrySet().stream()
                    .map(property -> "--" + property.getKey() + "=" + property.getValue())
                    .toArray(String[]::new));
            files.afterOpening();
            return context;
        } catch (RuntimeException failure) {
            throw configurationError(failure);
        }
    }
}
