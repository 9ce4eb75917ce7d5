package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.batch.owner.Heartbeat;
import io.tmsprovisioner.batch.owner.RemoteStop;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.report.ExecutionHistory;
import io.tmsprovisioner.report.ExecutionOverview;
import io.tmsprovisioner.report.Summaries;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List recent executions, newest first: execution id, job instance, status, start, end, "
                + "default action, rows recorded by the execution, outcome counts of its job instance, input file; "
                + "then, for an execution still marked running, when its process last gave a sign of life, and "
                + "whether a stop was asked of it. A run that a later one superseded shows SUPERSEDED BY and "
                + "that one's execution id.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext cli;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many executions to list. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Mixin
    RepositoryOptions repository;

    StatusCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1.");
        }
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration())) {
            List<ExecutionOverview> executions = context.getBean(ExecutionHistory.class).recent(limit);
            if (executions.isEmpty()) {
                cli.out().println("No executions recorded in this repository yet.");
            } else {
                Summaries.statusTable(executions, cli.out());
                Heartbeat heartbeat = context.getBean(Heartbeat.class);
                RemoteStop remoteStop = new RemoteStop(context.getBean(JdbcTemplate.class));
                for (ExecutionOverview execution : executions) {
                    if (execution.status().isRunning()) {
                        cli.out().println(Summaries.liveness(execution.executionId(), execution.status(),
                                heartbeat.livenessOf(execution.executionId())));
                        remoteStop.askedOf(execution.executionId()).ifPresent(asked -> cli.out().printf(
                                "  A stop was asked by %s at %s: it stops once its rows in flight are done.%n",
                                asked.by(), asked.at().withNano(0)));
                    }
                }
            }
            cli.out().flush();
        }
        return ExitCodes.OK;
    }
}
