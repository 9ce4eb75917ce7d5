package io.tmsprovisioner.cli.run;

import io.tmsprovisioner.batch.step.DepartedPairs;
import io.tmsprovisioner.batch.step.ExistenceFigures;
import io.tmsprovisioner.batch.launch.LaunchedBy;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.batch.step.ProgressSink;
import io.tmsprovisioner.batch.ProvisioningJobConfiguration;
import io.tmsprovisioner.batch.step.PacingFigures;
import io.tmsprovisioner.batch.launch.ProvisioningLauncher;
import io.tmsprovisioner.batch.ProvisioningSettings;
import io.tmsprovisioner.batch.owner.RunRefusedException;
import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.batch.owner.StopRequest;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.TryAgainException;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.input.InputChangedException;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.metrics.MetricsOutputs;
import io.tmsprovisioner.metrics.MetricsPublisher;
import io.tmsprovisioner.metrics.MetricsSettings;
import io.tmsprovisioner.metrics.RunMetrics;
import io.tmsprovisioner.provisioning.calls.RetryPolicy;
import io.tmsprovisioner.provisioning.calls.Retrying;
import io.tmsprovisioner.report.ExecutionHistory;
import io.tmsprovisioner.report.ExecutionOverview;
import io.tmsprovisioner.report.Summaries;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisAuthenticationException;
import io.tmsprovisioner.tapis.TapisOutageException;
import io.tmsprovisioner.tapis.TapisUnavailableException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Runs (or resumes) the provisioning job, prints its summary and turns the result into an exit code. */
public final class JobRunner {

    private JobRunner() {
    }

    /**
     * What a command launches.
     *
     * @param options     the job's settings as the command resolved them ({@code tms.*})
     * @param metricsFile where to write the run's metrics; null for no file
     * @param pushMetrics whether to push them to the Pushgateway that {@code tms.metrics.pushgateway-url} names
     * @param reportHint  how to get the run's report, {@code {id}} standing for the execution
     */
    public record Launch(RunRequest request, TapisClient tapis, Map<String, String> options, Path metricsFile,
                         boolean pushMetrics, String reportHint) {
    }

    /**
     * Runs the job to its end, prints the summary, and hands the still open context to {@code afterRun}.
     *
     * @return the process exit code for the run
     */
    public static int run(CliContext cli, RepositoryOptions repository, Launch launch,
                          BiConsumer<ConfigurableApplicationContext, ExecutionOverview> afterRun) {
        RunRequest request = launch.request();
        TapisClient tapis = launch.tapis();
        Path metricsFile = launch.metricsFile();
        String inputName = request.inputFile().getFileName().toString();
        RunMetrics metrics = new RunMetrics(inputName, request.dryRun(), outputs(metricsFile, null).lastSuccess(),
                Clock.systemUTC());
        tapis.observe(metrics);
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration(),
                List.of(tapis, ProgressSink.all(ProgressLine.forConsole(cli.err()), metrics)), launch.options(),
                ProvisioningJobConfiguration.class)) {
            MetricsSettings metricsSettings = ApplicationContexts.bind(context, MetricsSettings.PREFIX,
                    MetricsSettings.class);
            MetricsOutputs outputs = outputs(metricsFile, launch.pushMetrics() ? metricsSettings.pushgatewayUrl() : null);
            ProvisioningSettings settings = context.getBean(ProvisioningSettings.class);
            if (request.roster().sync()) {
                describeSync(cli, request, context.getBean(DepartedPairs.class)
                        .requireWithinCeiling(request, settings.protectedUsersPatterns()));
            }
            signIn(tapis, settings.retryPolicy());
            // published from the launch on: a run refused or not started leaves the last figures as they were
            try (MetricsPublisher publisher = MetricsPublisher.start(metrics, outputs, metricsSettings.interval(),
                    inputName, request.dryRun(), cli.err())) {
                JobExecution execution;
                try (TerminationSignals signals = TerminationSignals.install(context.getBean(StopRequest.class)::request,
                        cli.err(), settings.stopGrace())) {
                    execution = context.getBean(ProvisioningLauncher.class).launch(request,
                            LaunchedBy.thisProcess(tapis.login()));
                }
                ExecutionOverview run = context.getBean(ExecutionHistory.class).overview(execution);
                metrics.ended(run);
                Summaries.runSummary(run, context.getBean(OutcomeRepository.class).unreachableHosts(run.instanceId(),
                        run.executionId()), launch.reportHint().replace("{id}", Long.toString(run.executionId())), cli.out());
                context.getBean(DepartedPairs.class).summary(run.instanceId(), run.executionId())
                        .ifPresent(sync -> Summaries.sync(sync, cli.out()));
                afterRun.accept(context, run);
                return changedInput(execution) ? ExitCodes.USAGE : exitCode(run);
            }
        } catch (RunRefusedException refused) {
            throw new UsageException(refused.getMessage());
        }
    }

    private static void describeSync(CliContext cli, RunRequest request, DepartedPairs.Found found) {
        cli.out().printf("Sync of roster %s: %d pair(s) that its earlier runs created are no longer listed and %s "
                        + "removed after the file's rows (\"%s\")%s%n", request.roster().name(), found.pairs().size(),
                request.dryRun() ? "would be" : "are", InputRow.LEFT_THE_ROSTER, found.protectedKept() == 0 ? ""
                        : "; " + found.protectedKept() + " more of protected users (tms.protected-users) are kept");
        cli.out().flush();
    }

    private static MetricsOutputs outputs(Path metricsFile, String pushgatewayUrl) {
        try {
            return MetricsOutputs.of(metricsFile, pushgatewayUrl);
        } catch (IllegalArgumentException unusable) {
            throw new UsageException(unusable.getMessage() + ". Nothing was started.");
        }
    }

    /**
     * Logs in before the launcher records anything: a refused login is a configuration error (exit 2), and
     * a Tapis that does not answer, or asks for a wait longer than a run waits out, is a run to repeat
     * later (exit 1); none of them leaves a failed execution
     * behind for the next run to resume.
     */
    private static void signIn(TapisClient tapis, RetryPolicy retry) {
        try {
            Retrying.with(retry).retried(tapis::signIn);
        } catch (TapisAuthenticationException refused) {
            throw new UsageException(refused.getMessage() + ". Nothing was started.");
        } catch (TapisUnavailableException unavailable) {
            throw new TryAgainException("Tapis did not answer the login after " + retry.maxAttempts()
                    + " attempt(s)" + (retry.patience().isZero() ? "" : " and " + retry.patience().toSeconds() + " s")
                    + " (last: " + unavailable.getMessage() + "). Nothing was started; "
                    + "run the same command again later.");
        } catch (TapisOutageException outage) {
            throw new TryAgainException("Tapis is out of service for the login (" + outage.getMessage()
                    + "). Nothing was started; run the same command again later.");
        }
    }

    /**
     * Rows per second, Tapis calls per row and peak heap, then each host's SSH connects: what an administrator
     * sizing a run wants to know.
     */
    public static void printThroughput(CliContext cli, ApplicationContext context, ExecutionOverview run,
                                       TapisClient client, HeapWatch heap) {
        Summaries.throughput(run, client.callsSent(), client.timeWaited(), heap.peakBytes(), cli.out());
        Summaries.existence(context.getBean(ExistenceFigures.class).line(), cli.out());
        Summaries.hosts(context.getBean(PacingFigures.class).hosts(), cli.out());
    }

    /** Whether the run ended because its input is not the content its job instance was started with. */
    private static boolean changedInput(JobExecution execution) {
        return execution.getAllFailureExceptions().stream()
                .anyMatch(failure -> failure instanceof InputChangedException);
    }

    static int exitCode(ExecutionOverview run) {
        if (run.status() != BatchStatus.COMPLETED) {
            return ExitCodes.JOB_FAILED;
        }
        return run.rowsNeedingAttention() > 0 ? ExitCodes.ROWS_NEED_ATTENTION : ExitCodes.OK;
    }
}
