package io.tmsprovisioner.cli;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets every command-line option come from configuration too, with Spring Boot's relaxed binding: option
 * {@code --max-rate} is property {@code tms.max-rate} ({@code tms.maxRate} in YAML, {@code TMS_MAX_RATE} in
 * the environment). An option given on the command line wins; then the environment; then {@code $TMS_CONFIG},
 * {@code ./config/application.yml}, {@code ./application.yml}, {@code ~/.tms-provisioner/application.yml}
 * (each also as {@code .yaml} or {@code .properties}) — the same files the job's Spring context reads. A list
 * option ({@code --systems a,b}) takes a YAML list or a comma-separated value.
 */
final class ConfigDefaults implements IDefaultValueProvider {
    static final String CONFIG_FILE = "TMS_CONFIG";
    /** How a list option's items are given on the command line ({@code --systems a,b}). */
    private static final String LIST_SEPARATOR = ",";
    private static final String[] NAMES = {"application.yml", "application.yaml", "application.properties"};

    private final Binder binder;
    private final List<Path> files;

    private ConfigDefaults(Binder binder, List<Path> files) {
        this.binder = binder;
        this.files = files;
    }

    static ConfigDefaults load(Map<String, String> env, Path workingDirectory, Path userHome) {
        List<Path> files = files(env, workingDirectory, userHome);
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(env)));
        for (Path file : files) {
            read(file).forEach(sources::addLast);
        }
        return new ConfigDefaults(new Binder(ConfigurationPropertySources.from(sources)), files);
    }

    /** The configuration files that exist, most important first. */
    static List<Path> files(Map<String, String> env, Path workingDirectory, Path userHome) {
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

    List<Path> files() {
        return files;
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

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = "tms." + option.longestName().replaceFirst("^-+", "");
        if (LIST_SEPARATOR.equals(option.splitRegex())) {
            // a YAML list (systems: [a, b]) has no value of its own, only items: bound as a list, it is read either way
            return binder.bind(name, Bindable.listOf(String.class)).map(items -> String.join(LIST_SEPARATOR, items))
                    .orElse(null);
        }
        return binder.bind(name, String.class).orElse(null);
    }
}
