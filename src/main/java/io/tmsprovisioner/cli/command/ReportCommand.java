package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.cli.TryAgainException;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.ApplicationContexts;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.report.ExecutionHistory;
import io.tmsprovisioner.report.ExecutionOverview;
import io.tmsprovisioner.report.OutcomeReport;
import io.tmsprovisioner.report.OutcomeSelection;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print every row's outcome of one execution: the rows it recorded and those recorded by the "
                + "earlier executions of the same job instance that it resumed.",
                "Columns: line, username, system_id, action, outcome, http_status, tapis_code, message, attempts, "
                        + "duration_ms, recorded_at, execution_id.",
                "html: one self-contained page (facts, a chart of the outcome counts, the FAILED and REJECTED rows).",
                "csv with --only: columns username, system_id, action, reason: a file `run --input` accepts, to feed "
                        + "the leftovers back in once their causes are fixed.",
                "CSV cells that a spreadsheet would take for a formula start with a ' (user names excepted)."})
final class ReportCommand implements Callable<Integer> {
    private final CliContext cli;

    @Parameters(paramLabel = "EXECUTION_ID", description = "An execution id, as printed by run and status.")
    long executionId;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv, json, table or html. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--only", paramLabel = "OUTCOMES",
            description = "Only rows with these outcomes, comma-separated, any case, e.g. failed,rejected. "
                    + "Default: every row (html: FAILED and REJECTED).")
    String only;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write to this file instead of standard output. A report that cannot be written whole "
                    + "(a full disk) is an error with exit code 1.")
    Path output;

    @Mixin
    RepositoryOptions repository;

    ReportCommand(CliContext cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        OutcomeReport.Format reportFormat = FormatOption.parse(format, OutcomeReport.Format.class);
        OutcomeSelection selection = parseOnly(only);
        try (ConfigurableApplicationContext context = ApplicationContexts.open(repository, cli.configuration())) {
            ExecutionOverview execution = context.getBean(ExecutionHistory.class).find(executionId)
                    .orElseThrow(() -> new UsageException("No execution " + executionId
                            + " in this repository; `status` lists the executions it has."));
            OutcomeRepository outcomes = context.getBean(OutcomeRepository.class);
            if (output == null) {
                write(reportFormat, selection, execution, outcomes, cli.out());
                cli.requireOutWritten("The report of execution " + executionId);
            } else {
                writeFile(reportFormat, selection, execution, outcomes);
                cli.out().printf("Report of execution %d written to %s%n", executionId, output);
                cli.out().flush();
            }
        }
        return ExitCodes.OK;
    }

    private void writeFile(OutcomeReport.Format format, OutcomeSelection selection, ExecutionOverview execution,
                           OutcomeRepository outcomes) {
        try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            write(format, selection, execution, outcomes, file);
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            throw new TryAgainException("The report of execution " + executionId + " could not be written to "
                    + output + " (" + cause.getMessage() + "): what was written is incomplete.");
        }
    }

    /** Every row, in the format's default layout (the demo prints this). */
    static void write(OutcomeReport.Format format, ExecutionOverview execution, OutcomeRepository outcomes,
                      Writer out) throws IOException {
        write(format, OutcomeSelection.UNSPECIFIED, execution, outcomes, out);
    }

    static void write(OutcomeReport.Format format, OutcomeSelection only, ExecutionOverview execution,
                      OutcomeRepository outcomes, Writer out) throws IOException {
        OutcomeReport.write(format, only, execution,
                consumer -> outcomes.forEachOutcome(execution.instanceId(), execution.executionId(), consumer), out);
        out.flush();
    }

    private static OutcomeSelection parseOnly(String text) {
        if (text == null) {
            return OutcomeSelection.UNSPECIFIED;
        }
        try {
            return OutcomeSelection.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
