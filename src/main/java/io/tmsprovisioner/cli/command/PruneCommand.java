package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.report.Summaries;
import io.tmsprovisioner.retention.Retention;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove from the job repository the job instances whose every execution ended before a date: "
                + "their row outcomes, journal notes and heartbeats, and Spring Batch's records of them (executions, "
                + "step executions, parameters, contexts), 100 instances per transaction. Prints what it removed.",
                "Only instances whose last execution COMPLETED or was ABANDONED are removed. One whose last execution "
                        + "FAILED or was STOPPED is kept, since running the same command resumes it (unless "
                        + "--include-unfinished); one still marked running is never removed.",
                "Example, from cron: tms-provisioner prune --keep-days 90"})
final class PruneCommand implements Callable<Integer> {
    private final CliContext cli;

    @Option(names = "--keep-days", paramLabel = "N",
            description = "Remove instances that ended more than N days ago.")
    Integer keepDays;

    @Option(names = "--before", paramLabel = "DATE",
            description = "Remove instances that ended before DATE (2026-11-01, or 2026-11-01T12:00), in this machine's time zone.")
    String before;

    @Option(names = "--include-unfinished",
            description = "Also remove old instances whose last execution FAILED or was STOPPED: their work can then "
                    + "no longer be resumed (a later run of the same file starts afresh).")
    boolean includeUnfinished;

    @Option(names = "--dry-run", description = "Only count what would be removed.")
    boolean dryRun;

    @Mixin
    RepositoryOptions repository;

    @Spec
    CommandSpec spec;

    PruneCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Retention.Rule rule = new Retention.Rule(cutoff(), includeUnfinished);
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration())) {
            Retention retention = new Retention(context.getBean(JdbcTemplate.class),
                    context.getBean(JobRepository.class), context.getBean(PlatformTransactionManager.class));
            long kept = retention.resumableKept(rule);
            Retention.Removed removed = dryRun ? retention.count(rule) : retention.prune(rule);
            cli.out().printf("%s %d job instance(s), %d execution(s) and %d outcome row(s) of runs that ended before %s%s%n",
                    dryRun ? "Would remove" : "Removed", removed.instances(), removed.executions(), removed.outcomeRows(),
                    Summaries.time(rule.endedBefore()), dryRun ? " (dry run: nothing was removed)." : ".");
            if (kept > 0) {
                cli.out().printf("Kept %d old job instance(s) whose last execution FAILED or was STOPPED: running the "
                        + "same command resumes them (--include-unfinished removes them too).%n", kept);
            }
            cli.out().flush();
        }
        return ExitCodes.OK;
    }

    private LocalDateTime cutoff() {
        if (keepDays != null && before != null) {
            // one may come from configuration (tms.keep-days for cron): the one on the command line wins
            ParseResult given = spec.commandLine().getParseResult();
            if (given.hasMatchedOption("--before") && !given.hasMatchedOption("--keep-days")) {
                keepDays = null;
            } else if (given.hasMatchedOption("--keep-days") && !given.hasMatchedOption("--before")) {
                before = null;
            }
        }
        if ((keepDays == null) == (before == null)) {
            throw new UsageException("prune needs one of --keep-days N or --before DATE.");
        }
        if (keepDays != null) {
            if (keepDays < 0) {
                throw new UsageException("--keep-days must be 0 or more, not " + keepDays + ".");
            }
            return LocalDateTime.now().minusDays(keepDays);
        }
        try {
            return before.contains("T") ? LocalDateTime.parse(before) : LocalDate.parse(before).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw new UsageException("--before '" + before + "' is not a date (2026-11-01) or a date and time "
                    + "(2026-11-01T12:00).");
        }
    }
}
