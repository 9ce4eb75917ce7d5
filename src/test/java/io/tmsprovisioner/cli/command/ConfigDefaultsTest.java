package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ConfigDefaults;
import io.tmsprovisioner.cli.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDefaultsTest {
    @TempDir
    Path work;
    @TempDir
    Path home;

    @Command
    static class Options {
        @Option(names = "--max-rate", defaultValue = "0")
        double maxRate;
        @Option(names = "--concurrency", defaultValue = "16")
        int concurrency;
        @Option(names = "--dry-run")
        boolean dryRun;
        @Option(names = "--tapis-url")
        String tapisUrl;
        @Option(names = "--systems", split = ",")
        List<String> systems;
    }

    private Options parse(Map<String, String> env, String... args) {
        Options options = new Options();
        new CommandLine(options).setDefaultValueProvider(new ConfigDefaults(ConfigSources.load(env, work, home))).parseArgs(args);
        return options;
    }

    @Test
    void optionsComeFromYamlWithRelaxedNamesAndTheCommandLineWins() throws Exception {
        Files.writeString(work.resolve("application.yml"), """
                tms:
                  maxRate: 25
                  concurrency: 8
                  dry-run: true
                  tapis-url: https://designsafe.tapis.io
                """);

        Options fromFile = parse(Map.of());
        Options overridden = parse(Map.of(), "--concurrency", "4");

        assertThat(fromFile.maxRate).isEqualTo(25);
        assertThat(fromFile.concurrency).isEqualTo(8);
        assertThat(fromFile.dryRun).isTrue();
        assertThat(fromFile.tapisUrl).isEqualTo("https://designsafe.tapis.io");
        assertThat(overridden.concurrency).isEqualTo(4);
    }

    @Test
    void theEnvironmentOutranksFilesAndFilesRankByPlace() throws Exception {
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/application.properties"), "tms.concurrency=12\n");
        Files.writeString(work.resolve("application.yml"), "tms:\n  concurrency: 8\n  max-rate: 3\n");
        Files.createDirectories(home.resolve(".tms-provisioner"));
        Files.writeString(home.resolve(".tms-provisioner/application.yml"), "tms:\n  max-rate: 9\n  concurrency: 2\n");

        Options files = parse(Map.of());
        Options env = parse(Map.of("TMS_CONCURRENCY", "24"));

        assertThat(files.concurrency).isEqualTo(12);
        assertThat(files.maxRate).isEqualTo(3);
        assertThat(env.concurrency).isEqualTo(24);
    }

    @Test
    void annotatedDefaultsStandWhenNothingIsConfigured() {
        Options options = parse(Map.of());

        assertThat(options.concurrency).isEqualTo(16);
        assertThat(options.dryRun).isFalse();
    }

    @Test
    void aConfigFileNamedByTmsConfigComesFirst() throws Exception {
        Path file = Files.writeString(work.resolve("cron.yml"), "tms:\n  concurrency: 5\n");
        Files.writeString(work.resolve("application.yml"), "tms:\n  concurrency: 8\n");

        assertThat(parse(Map.of("TMS_CONFIG", file.toString())).concurrency).isEqualTo(5);
    }

    @Test
    void aListOptionComesFromAYamlListACommaSeparatedValueOrTheEnvironmentAndTheCommandLineReplacesIt()
            throws Exception {
        Path list = Files.writeString(work.resolve("list.yml"), "tms:\n  systems:\n    - stampede3\n    - frontera\n");
        Path inline = Files.writeString(work.resolve("inline.yml"), "tms:\n  systems: [stampede3, ls6]\n");
        Path commas = Files.writeString(work.resolve("commas.yml"), "tms:\n  systems: stampede3,frontera,ls6\n");

        assertThat(parse(Map.of("TMS_CONFIG", list.toString())).systems).containsExactly("stampede3", "frontera");
        assertThat(parse(Map.of("TMS_CONFIG", inline.toString())).systems).containsExactly("stampede3", "ls6");
        assertThat(parse(Map.of("TMS_CONFIG", commas.toString())).systems).containsExactly("stampede3", "frontera", "ls6");
        assertThat(parse(Map.of("TMS_SYSTEMS", "vista,ls6")).systems).containsExactly("vista", "ls6");
        assertThat(parse(Map.of("TMS_CONFIG", list.toString()), "--systems", "ls6").systems).containsExactly("ls6");
        assertThat(parse(Map.of()).systems).isNull();
    }

    @Test
    void anUnreadableFileIsAUsageError() throws Exception {
        Files.writeString(work.resolve("application.yml"), "tms: [unclosed\n");

        assertThatThrownBy(() -> ConfigSources.load(Map.of(), work, home))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("application.yml");
    }

    @Test
    void theSampleConfigurationNamesEveryOptionOfRunAndReadsBack() throws Exception {
        String sample = Files.readString(Path.of("samples/application.yml"));
        CommandLine runCommand = new CommandLine(new RunCommand(null));

        for (CommandLine.Model.OptionSpec option : runCommand.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                String name = option.longestName().replaceFirst("^-+", "");
                assertThat(sample).as("samples/application.yml mentions --%s", name).containsPattern("(?m)^\\s*#?\\s*" + name + ":");
            }
        }
        Options options = parse(Map.of("TMS_CONFIG", "samples/application.yml"));
        assertThat(options.concurrency).isEqualTo(16);
        assertThat(options.tapisUrl).isEqualTo("https://designsafe.tapis.io");
    }
}
