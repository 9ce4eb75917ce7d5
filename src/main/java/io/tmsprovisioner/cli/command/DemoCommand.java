package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.cli.run.HeapWatch;
import io.tmsprovisioner.cli.run.InputCheck;
import io.tmsprovisioner.cli.run.JobRunner;
import io.tmsprovisioner.cli.run.RunInput;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.report.OutcomeReport;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisCredentials;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the built-in Tapis simulator on a free loopback port, seeded from samples/tapis-sim.json, "
                + "run samples/onboarding.csv against it into a throwaway repository, print the summary and the "
                + "report, and stop. Needs no network.",
                "The sample holds rows that fail or are rejected on purpose; the demo exits 0 when the job completed."})
final class DemoCommand implements Callable<Integer> {
    private static final String SIMULATOR_STATE = "samples/tapis-sim.json";
    private static final String ONBOARDING = "samples/onboarding.csv";

    private final CliContext cli;

    @Option(names = "--input", paramLabel = "FILE", description = "Run this CSV instead of the bundled " + ONBOARDING + ".")
    Path input;

    @Mixin
    SystemsOption systems;

    @Option(names = "--simulator-state", paramLabel = "FILE",
            description = "Seed the simulator from this JSON instead of the bundled " + SIMULATOR_STATE + ".")
    Path simulatorState;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "establish",
            converter = ActionConverter.class, completionCandidates = ActionConverter.class,
            description = "Default action: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Action action;

    @Mixin
    RunOptions runOptions;

    @Mixin
    RepositoryOptions repository;

    DemoCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        runOptions.validate();
        Path workDir = Files.createTempDirectory("tms-provisioner-demo");
        SimulatorState state = simulatorState();
        try (TapisSimulator simulator = TapisSimulator.start(state); HeapWatch heap = new HeapWatch()) {
            Path csv = input != null ? input : copyResource(ONBOARDING, workDir.resolve("onboarding.csv"));
            repository.defaultTo("jdbc:h2:file:" + workDir.resolve("repository"));
            SimulatorState.Account account = state.accounts().get(0);
            TapisClient client = new TapisClient(simulator.baseUrl(),
                    new TapisCredentials.Login(account.username(), new Secret(account.password())),
                    runOptions.clientSettings());
            cli.out().printf("Tapis simulator listening on %s; logged in as %s%n", simulator.baseUrl(), account.username());
            RunInput file = systems.input(csv, workDir.resolve("expanded"));
            InputCheck check = InputCheck.of(file.file(), action);
            cli.out().printf("Provisioning %s (default action %s)%n", file.describe(check.rows()), action.label());
            cli.out().flush();
            int exitCode = JobRunner.run(cli, repository, new JobRunner.Launch(
                            new RunRequest(file.file(), check.sha256(), action, simulator.baseUrl(), runOptions.dryRun,
                                    check.rows(), check.destructive() > 0, false), client, runOptions.properties(),
                            null, false, "printed below (the demo's repository is deleted when it ends)"),
                    (context, run) -> {
                        file.explain(cli.out());
                        JobRunner.printThroughput(cli, context, run, client, heap);
                        cli.out().printf("%nReport of execution %d:%n", run.executionId());
                        try {
                            ReportCommand.write(OutcomeReport.Format.TABLE, run,
                                    context.getBean(OutcomeRepository.class), cli.out());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            return exitCode == ExitCodes.JOB_FAILED ? exitCode : ExitCodes.OK;
        } finally {
            FileSystemUtils.deleteRecursively(workDir);
        }
    }

    private SimulatorState simulatorState() throws IOException {
        return simulatorState != null ? SimulatorState.read(simulatorState) : bundledState();
    }

    /** The sample tenant shipped in the jar. */
    static SimulatorState bundledState() throws IOException {
        try (InputStream json = resource(SIMULATOR_STATE)) {
            return SimulatorState.read(json);
        }
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static InputStream resource(String name) {
        InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the application's classpath");
        }
        return in;
    }
}
