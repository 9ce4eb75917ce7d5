package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.UsageException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.ConfigurablePropertyResolver;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where settings come from, most important first: Java system properties ({@code -Dtms.max-rate=5}), the
 * environment ({@code TMS_MAX_RATE}), the file {@code $TMS_CONFIG}, then {@code application.yml},
 * {@code application.yaml} and {@code application.properties} (in that order) of {@code ./config/}, of
 * {@code ./} and of {@code ~/.tms-provisioner/}. The command line ranks above them all.
 *
 * <p>Read once per command, and the one list both sides read: picocli's option defaults bind from it
 * ({@link ConfigDefaults}), and every Spring context starts on an {@link #environment()} made of it, so that
 * a setting resolves the same wherever it is read. Spring Boot's own search for configuration files is
 * left out: it ranks the directories its own way and would read the files a second time.
 */
public final class ConfigSources {
    /** The environment variable that names a configuration file ranked above the ones found in directories. */
    public static final String CONFIG_FILE = "TMS_CONFIG";
    private static final String[] NAMES = {"application.yml", "application.yaml", "application.properties"};
    /** Once the job's, now named as its option is; refused rather than silently ignored. */
    private static final String OLD_MAX_ATTEMPTS = "tms.retry.max-attempts";

    private final List<PropertySource<?>> sources;

    private ConfigSources(List<PropertySource<?>> sources) {
        this.sources = sources;
    }

    /**
     * The sources of a process with environment {@code env}, started in {@code workingDirectory}.
     *
     * @throws UsageException when a file cannot be read, or holds a setting by a name it no longer has
     */
    public static ConfigSources load(Map<String, String> env, Path workingDirectory, Path userHome) {
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new PropertiesPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                System.getProperties()));
        sources.add(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(env)));
        for (Path file : files(env, workingDirectory, userHome)) {
            sources.addAll(read(file));
        }
        ConfigSources configuration = new ConfigSources(List.copyOf(sources));
        configuration.refuseOldMaxAttempts();
        return configuration;
    }

    /** The configuration files that exist, most important first. */
    private static List<Path> files(Map<String, String> env, Path workingDirectory, Path userHome) {
        List<Path> candidates = new ArrayList<>();
        if (env.get(CONFIG_FILE) != null) {
            candidates.add(Path.of(env.get(CONFIG_FILE)));
        }
        for (Path directory : List.of(workingDirectory.resolve("config"), workingDirectory,
                userHome.resolve(".tms-provisioner"))) {
            for (String name : NAMES) {
                candidates.add(directory.resolve(name));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).toList();
    }

    private static List<PropertySource<?>> read(Path file) {
        PropertySourceLoader loader = file.toString().endsWith(".properties")
                ? new PropertiesPropertySourceLoader() : new YamlPropertySourceLoader();
        try {
            return loader.load(file.toString(), new FileSystemResource(file));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("Cannot read the configuration file " + file + ": " + e.getMessage());
        }
    }

    private void refuseOldMaxAttempts() {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.from(sources)) {
            ConfigurationProperty old = source.getConfigurationProperty(ConfigurationPropertyName.of(OLD_MAX_ATTEMPTS));
            if (old != null) {
                throw new UsageException("The setting " + OLD_MAX_ATTEMPTS + " (" + old.getOrigin() + ") is now "
                        + "tms.max-attempts, as the option --max-attempts is named: rename it. Nothing was started.");
            }
        }
    }

    /** Settings bound as Spring binds them: relaxed names, and {@code ${...}} resolved in the same sources. */
    Binder binder() {
        MutablePropertySources list = propertySources();
        return new Binder(ConfigurationPropertySources.from(list), new PropertySourcesPlaceholdersResolver(list));
    }

    /**
     * A new environment for a Spring context, holding these sources and no other yet: Spring Boot adds the
     * command line above them, and the packaged {@code application.properties} and default properties below.
     */
    ConfigurableEnvironment environment() {
        return new AbstractEnvironment(propertySources()) {
            @Override
            protected ConfigurablePropertyResolver createPropertyResolver(MutablePropertySources propertySources) {
                // relaxed names for getProperty too, as in the environment Spring Boot would have made
                return ConfigurationPropertySources.createPropertyResolver(propertySources);
            }
        };
    }

    /** A list of its own for each reader: Spring adds sources to an environment's list as it starts. */
    private MutablePropertySources propertySources() {
        MutablePropertySources list = new MutablePropertySources();
        sources.forEach(list::addLast);
        return list;
    }
}
