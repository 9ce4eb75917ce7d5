package io.tmsprovisioner.cli;

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
    private final CliContext context;

    public TmsProvisionerCli(CliContext context) {
        this.context = context;
    }

    /** The CLI on the process's own environment and standard streams. */
    public static TmsProvisionerCli standard() {
        DefaultRepository.serveOnLoopbackOnly();
        return new TmsProvisionerCli(new CliContext(System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    public int execute(String... args) {
        ConfigDefaults configuration;
        try {
            configuration = ConfigDefaults.load(context.env(), Path.of("").toAbsolutePath(),
                    Path.of(System.getProperty("user.home")));
        } catch (UsageException badFile) {
            context.err().println("tms-provisioner: " + badFile.getMessage());
            context.err().flush();
            return ExitCodes.USAGE;
        }
        CommandLine commandLine = new CommandLine(this)
                .addSubcommand(new RunCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new ReportCommand(context))
                .addSubcommand(new PruneCommand(context))
                .addSubcommand(new DemoCommand(context))
                .addSubcommand(new SimulatorCommand(context))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(configuration)
                .setOut(context.out())
                .setErr(context.err())
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
            commandLine.usage(context.err());
            return ExitCodes.USAGE;
        }
        int code = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    private static void withExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.described());
    }

    /** For tests: the CLI on the given environment and streams. */
    public static TmsProvisionerCli with(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new TmsProvisionerCli(new CliContext(env, out, err));
    }
}
