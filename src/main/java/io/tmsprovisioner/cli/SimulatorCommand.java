package io.tmsprovisioner.cli;

import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = {"Serve the built-in Tapis simulator on loopback until interrupted, to try runs by hand or "
                + "to benchmark. It prints its URL and, when stopped, the calls it answered per endpoint.",
                "Example: tms-provisioner simulator --port 8081 & TAPIS_BASE_URL=http://127.0.0.1:8081 "
                        + "TAPIS_USERNAME=tms-admin TAPIS_PASSWORD=demo-password-not-secret "
                        + "tms-provisioner run --input samples/onboarding.csv"})
final class SimulatorCommand implements Callable<Integer> {
    private final CliContext cli;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Systems, accounts and credentials to start from (default: the bundled samples/tapis-sim.json).")
    Path state;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay before every answer, like a remote service. Default: ${DEFAULT-VALUE}.")
    int latencyMillis;

    @Option(names = "--server-error-rate", paramLabel = "P", defaultValue = "0",
            description = "Share of calls answered 503 (0 to 1). Default: ${DEFAULT-VALUE}.")
    double serverErrorRate;

    @Option(names = "--drop-rate", paramLabel = "P", defaultValue = "0",
            description = "Share of connections closed without an answer (0 to 1). Default: ${DEFAULT-VALUE}.")
    double dropRate;

    SimulatorCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimulatorState seed = state != null ? SimulatorState.read(state) : DemoCommand.bundledState();
        TapisSimulator simulator;
        try {
            simulator = TapisSimulator.start(seed, port);
        } catch (RuntimeException cannotListen) {
            throw new UsageException("Cannot serve on port " + port + ": " + cannotListen.getMessage());
        }
        simulator.setLatency(Duration.ofMillis(latencyMillis));
        simulator.setServerErrorRate(serverErrorRate);
        simulator.setDropRate(dropRate);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            printCalls(simulator);
            simulator.close();
            stopped.countDown();
        }));
        cli.out().printf("Tapis simulator listening at %s (accounts: %s)%n", simulator.baseUrl(),
                String.join(", ", seed.accounts().stream().map(SimulatorState.Account::username).toList()));
        cli.out().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private void printCalls(TapisSimulator simulator) {
        StringBuilder line = new StringBuilder("Tapis simulator answered " + simulator.totalCalls() + " calls:");
        for (Endpoint endpoint : Endpoint.values()) {
            line.append(' ').append(endpoint).append('=').append(simulator.calls(endpoint));
        }
        line.append("; keys minted=").append(simulator.totalKeysMinted());
        cli.out().println(line);
        cli.out().flush();
    }
}
