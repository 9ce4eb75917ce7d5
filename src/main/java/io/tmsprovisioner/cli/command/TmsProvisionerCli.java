package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.OneLineFailure;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.config.ConfigDefaults;
import io.tmsprovisioner.cli.config.ConfigSources;
import io.tmsprovisioner.cli.repository.DefaultRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The command line: parses first, then starts only what the chosen command needs. */
@Command(name = "tms-provisioner", mixinStandardHelpOptions = true, version = "tms-provisioner 0.1.0",
        description = {"Establish, remove or reset Tapis TMS credentials for many users at once, as a resumable "
                + "Spring Batch job whose every row's outcome is recorded in a job repository."},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"`tms-provisioner COMMAND --help` tells more about each command."})
public final class TmsProvisionerCli {
    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;

    private TmsProvisionerCli(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The CLI on the process's own environment and standard streams. */
    public static TmsProvisionerCli standard() {
        DefaultRepository.serveOnLoopbackOnly();
        return new TmsProvisionerCli(System.getenv(), new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    public int execute(String... args) {
        ConfigSources configuration;
        try {
            configuration = ConfigSources.load(env, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
        } catch (UsageException unusable) {
            err.println("tms-provisioner: " + unusable.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        CliContext context = new CliContext(env, configuration, out, err);
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(new RunCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new ReportCommand(context))
                .addSubcommand(new HistoryCommand(context))
                .addSubcommand(new PruneCommand(context))
                .addSubcommand(new StopCommand(context))
                .addSubcommand(new AbandonCommand(context))
                .addSubcommand(new DemoCommand(context))
                .addSubcommand(new SimulatorCommand(context))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(new ConfigDefaults(configuration))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((failure, cmd, parsed) -> {
                    if (failure instanceof OneLineFailure reported) {
                        cmd.getErr().println("tms-provisioner: " + reported.getMessage());
                        return reported.exitCode();
                    }
                    cmd.getErr().println("tms-provisioner: " + failure);
                    failure.printStackTrace(cmd.getErr());
                    return ExitCodes.JOB_FAILED;
                });
        withExitCodes(commandLine);
        withExitCodes(commandLine.getSubcommands().get("run"));
        if (args.length == 0) {
            commandLine.usage(err);
            return ExitCodes.USAGE;
        }
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static void withExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.described());
    }

    /** For tests: the CLI on the given environment and streams. */
    public static TmsProvisionerCli with(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new TmsProvisionerCli(env, out, err);
    }
}
