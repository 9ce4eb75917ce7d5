package io.tmsprovisioner.cli.config;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every command-line option come from configuration too ({@link ConfigSources}, the sources the job's
 * Spring context reads), with Spring Boot's relaxed binding: option {@code --max-rate} is property
 * {@code tms.max-rate} ({@code tms.maxRate} in YAML, {@code TMS_MAX_RATE} in the environment). An option given
 * on the command line wins. A list option ({@code --systems a,b}) takes a YAML list or a comma-separated value.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    /** How a list option's items are given on the command line ({@code --systems a,b}). */
    private static final String LIST_SEPARATOR = ",";

    private final Binder binder;

    /** Defaults from {@code configuration}, read as the job's Spring context reads it. */
    public ConfigDefaults(ConfigSources configuration) {
        this.binder = configuration.binder();
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
