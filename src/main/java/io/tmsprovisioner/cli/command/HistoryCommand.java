package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.report.UserHistory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print every outcome recorded for one user (on one system, with --system) across all runs, "
                + "newest first: when, execution and job instance, line, system, action, outcome, Tapis code, reason, "
                + "and who ran it (the operating system user and the Tapis login recorded with the execution; '-' "
                + "for executions recorded by earlier versions) and the input file.",
                "table gives each reason as one sentence; csv and json keep the message whole."})
final class HistoryCommand implements Callable<Integer> {
    private final CliContext cli;

    @Option(names = "--user", paramLabel = "USERNAME", required = true,
            description = "The Tapis user whose outcomes to list, as written in the input files.")
    String username;

    @Option(names = "--system", paramLabel = "SYSTEM_ID", description = "Only the outcomes on this system.")
    String systemId;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "How many outcomes to list at most. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--oldest-first", description = "List the oldest first (the first N ever recorded).")
    boolean oldestFirst;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    RepositoryOptions repository;

    HistoryCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1.");
        }
        UserHistory.Format historyFormat = FormatOption.parse(format, UserHistory.Format.class);
        OutcomeRepository.UserQuery query = new OutcomeRepository.UserQuery(username, Optional.ofNullable(systemId),
                limit, oldestFirst);
        String what = "user " + username + (systemId == null ? "" : " on system " + systemId);
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration())) {
            OutcomeRepository outcomes = context.getBean(OutcomeRepository.class);
            String end = oldestFirst ? "oldest" : "newest";
            long written = UserHistory.write(historyFormat, what + ", " + end + " first",
                    consumer -> outcomes.forEachOfUser(query, consumer), cli.out());
            if (historyFormat == UserHistory.Format.TABLE && written == 0) {
                cli.out().println("No outcome recorded for " + what + " in this repository.");
            } else if (historyFormat == UserHistory.Format.TABLE && written == limit) {
                cli.out().printf("The %d %s outcomes of %s; --limit N for more.%n", limit, end, what);
            }
            cli.requireOutWritten("The history of " + what);
        }
        return ExitCodes.OK;
    }
}
