package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
import io.tmsprovisioner.simulator.TapisSimulator;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    @Option(names = "--latency-sigma", paramLabel = "SIGMA", defaultValue = "0",
            description = "Spread the answer times lognormally around --latency-ms (their median), with SIGMA the "
                    + "spread of their logarithm, as SSH handshakes are (1.5: a tenth of the calls take over 6 times "
                    + "the median). Default: ${DEFAULT-VALUE}.")
    double latencySigma;

    @Option(names = "--create-latency-factor", paramLabel = "F", defaultValue = "1",
            description = "Creates take F times as long as other calls. Default: ${DEFAULT-VALUE}.")
    double createLatencyFactor;

    @Option(names = "--verify-latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "The SSH handshake of each verify step (a check of a stored credential, a create that "
                    + "verifies), on top of --latency-ms; the connection is pending on its host meanwhile. "
                    + "Default: ${DEFAULT-VALUE}.")
    int verifyLatencyMillis;

    @Option(names = "--ssh-throttle",
            description = "Tapis's SSH connect throttle: per host, 8 connects in 4 s; each connect beyond it first "
                    + "sleeps a random 4 to 12 s, then proceeds.")
    boolean sshThrottle;

    @Option(names = "--ssh-max-startups",
            description = "Each host's sshd drops connections as OpenSSH's default MaxStartups 10:30:100 does: with 10 "
                    + "or more pending on one host (systems may share a host), checks and creates answer "
                    + "SYSLIB_CRED_CONN_FAIL at random. Needs --verify-latency-ms to matter.")
    boolean sshMaxStartups;

    @Option(names = "--write-latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Each credential write (a create's store, a remove) takes this long inside Systems' one "
                    + "lock, so concurrent creates and removes queue. Default: ${DEFAULT-VALUE}.")
    int writeLatencyMillis;

    @Option(names = "--tms", paramLabel = "SETUP",
            description = "How far the tenant is set up for TMS keys, overriding the state file: MVP (TMS mints for "
                    + "anyone), DELEGATION_REQUIRED (TMS refuses: Missing or expired dependency), TENANT_NOT_ALLOWED, "
                    + "NOT_CONFIGURED; all but MVP answer creates with a 500 SYSAPI_CRED_ERROR.")
    TmsSetup tms;

    @Option(names = "--tms-failing",
            description = "TMS answers every mint with a 500: creates answer 500 SYSAPI_CRED_ERROR ... "
                    + "SYSLIB_CRED_TMS_KEYS_HTTP_ERR and mint and store nothing.")
    boolean tmsFailing;

    @Option(names = "--fail-logins", paramLabel = "N", defaultValue = "0",
            description = "The first N logins get the Authenticator's transient 400 \"Failure to generate an access "
                    + "token; please try again later.\" Default: ${DEFAULT-VALUE}.")
    int failLogins;

    @Option(names = "--revocation-check-failing",
            description = "The site router's token revocation check fails (its Redis is down): every call with a "
                    + "token gets nginx's 500 \"Token is revoked.\"; logins still work.")
    boolean revocationCheckFailing;

    @Option(names = "--server-error-rate", paramLabel = "P", defaultValue = "0",
            description = "Share of calls answered with a 5xx (0 to 1), evenly the service's own 500 (half of them after "
                    + "the call took effect) and nginx's HTML 502, 503, and 504 after the effect; the token endpoint "
                    + "included. Default: ${DEFAULT-VALUE}.")
    double serverErrorRate;

    @Option(names = "--drop-rate", paramLabel = "P", defaultValue = "0",
            description = "Share of connections closed without an answer (0 to 1). Default: ${DEFAULT-VALUE}.")
    double dropRate;

    @Option(names = "--lost-answer-rate", paramLabel = "P", defaultValue = "0",
            description = "Share of creates and removes that take effect and then lose their answer (0 to 1). "
                    + "Default: ${DEFAULT-VALUE}.")
    double lostAnswerRate;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Requests a second let through, all endpoints together, in bursts of up to a tenth of it; "
                    + "the rest are answered 429 with Retry-After (0: no limit). Default: ${DEFAULT-VALUE}.")
    double rateLimit;

    @Option(names = "--host-down", paramLabel = "SYSTEM", split = ",",
            description = "Systems whose host (and so every system on it) cannot be reached: checks of stored "
                    + "credentials, and creates that verify, answer SYSLIB_CRED_CONN_FAIL (comma-separated).")
    List<String> hostsDown = List.of();

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
        simulator.setSshMaxStartups(sshMaxStartups);
        simulator.setTmsFailing(tmsFailing);
        simulator.setRevocationCheckFailing(revocationCheckFailing);
        if (sshThrottle) {
            simulator.setTapisSshThrottle();
        }
        if (tms != null) {
            simulator.setTmsSetup(tms);
        }
        try {
            simulator.setLatency(Duration.ofMillis(latencyMillis));
            simulator.setVerifyLatency(Duration.ofMillis(verifyLatencyMillis));
            simulator.setWriteLatency(Duration.ofMillis(writeLatencyMillis));
            if (failLogins != 0) {
                simulator.failLogins(failLogins);
            }
            simulator.setLatencySpread(latencySigma, createLatencyFactor);
            simulator.setServerErrorRate(serverErrorRate);
            simulator.setDropRate(dropRate);
            simulator.setLostAnswerRate(lostAnswerRate);
            simulator.setRateLimit(rateLimit, (int) Math.max(rateLimit > 0 ? 1 : 0, rateLimit / 10));
            hostsDown.forEach(system -> simulator.setHostDown(system, true));
        } catch (IllegalArgumentException badSetting) {
            simulator.close();
            throw new UsageException(badSetting.getMessage());
        }
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
        line.append(String.format("; service time %.3f s", simulator.serviceTime().toNanos() / 1e9));
        line.append("; most in flight per system:");
        simulator.mostInFlight().forEach((system, most) -> line.append(' ').append(system).append('=').append(most));
        line.append(String.format("; SSH connects %d (throttled %d), per host:", simulator.sshConnects(),
                simulator.throttledConnects()));
        simulator.sshHosts().forEach((host, counts) -> line.append(String.format(" %s=%d/%d throttled/%d dropped/%d "
                + "most pending", host, counts.connects(), counts.throttled(), counts.dropped(), counts.mostPending())));
        line.append(String.format("; writes waited %.3f s", simulator.writeWaitTime().toNanos() / 1e9));
        cli.out().println(line);
        cli.out().flush();
    }
}
