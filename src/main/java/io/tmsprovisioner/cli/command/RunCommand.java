package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.batch.launch.RunRequest;
import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.config.CliContext;
import io.tmsprovisioner.cli.config.TapisSettings;
import io.tmsprovisioner.cli.repository.RepositoryOptions;
import io.tmsprovisioner.cli.run.ExpandedInputs;
import io.tmsprovisioner.cli.run.HeapWatch;
import io.tmsprovisioner.cli.run.InputCheck;
import io.tmsprovisioner.cli.run.JobRunner;
import io.tmsprovisioner.cli.run.RunInput;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.tapis.TapisClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Establish, remove or reset Tapis credentials for every row of a CSV file, recording each "
                + "row's outcome in the job repository.",
                "",
                "Running the same command again resumes a run that failed or was killed (rows already recorded are "
                        + "not redone); after a run that completed, it starts a fresh run that verifies again."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  TAPIS_BASE_URL  the tenant's base URL, e.g. https://designsafe.tapis.io",
                "  TAPIS_USERNAME  log in as this user, with TAPIS_PASSWORD or --password-file;",
                "                  the token is then renewed whenever it expires",
                "  TAPIS_PASSWORD  the password for TAPIS_USERNAME",
                "  TAPIS_TOKEN     a ready JWT instead (cannot be renewed)",
                "  TMS_*           any option, e.g. TMS_CONCURRENCY=32 (or tms.* in application.yml)"})
final class RunCommand implements Callable<Integer> {
    private final CliContext cli;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "CSV with a header row: username (or user), system_id (or system, systemId), optional action; "
                    + "with --systems, the same without system_id.")
    Path input;

    @Mixin
    SystemsOption systems;

    @Option(names = "--expanded-dir", paramLabel = "DIR",
            description = "Where --systems writes the pairs file that it expands the users file into, at the users "
                    + "file's absolute path below DIR, owner-only (default: ~/.tms-provisioner/expanded, whatever the "
                    + "repository). Every run of the command makes it again, the same.")
    Path expandedDir;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "establish",
            converter = ActionConverter.class, completionCandidates = ActionConverter.class,
            description = "Action for rows whose action cell is empty: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Action action;

    @Option(names = "--tapis-url", paramLabel = "URL",
            description = "Tapis tenant base URL (default: $TAPIS_BASE_URL); a URL with USER:PASSWORD@ is refused.")
    String tapisUrl;

    @Option(names = "--allow-insecure-http",
            description = "Allow a plain http:// Tapis URL to another machine (tokens would cross the network "
                    + "unencrypted). http to 127.0.0.1 or localhost is always allowed; certificates are always verified.")
    boolean allowInsecureHttp;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password for TAPIS_USERNAME from the first line of this file (instead of TAPIS_PASSWORD). "
                    + "The file must be readable by its owner only (chmod 600), as ssh wants a private key.")
    Path passwordFile;

    @Option(names = "--max-destructive", paramLabel = "N", defaultValue = "100",
            description = {"Refuse a real run (exit 2, before anything is sent) whose file would remove or reset more "
                    + "than N credentials: rows whose own action, or the default --action, is remove or reset. "
                    + "Dry runs are not limited. Default: ${DEFAULT-VALUE}.",
                    "To confirm a bigger change, run it with --dry-run first, then with --max-destructive set to the "
                            + "count the refusal names."})
    long maxDestructive;

    @Option(names = "--sync",
            description = {"Make the file the desired state of the pairs it covers: after its rows, remove the "
                    + "credentials that earlier runs of the same roster (see --roster) created on this tenant and that "
                    + "the file no longer lists (\"left the roster\"). Never a credential this tool did not create "
                    + "(one the portal made, one it found present), never one of tms.protected-users (names or "
                    + "patterns such as svc-*). Counted by --max-destructive; --dry-run lists them as WOULD_REMOVE.",
                    "The pairs are fixed when the run has read its file: a resumed run removes those and no others."})
    boolean sync;

    @Option(names = "--roster", paramLabel = "NAME",
            description = "The roster this file is, for --sync: the runs whose creations a sync may remove are those "
                    + "of the same roster. Default: the file's absolute path (so moving the file starts a new roster; "
                    + "name it to keep one).")
    String roster;

    @Option(names = "--abandon-unfinished",
            description = {"When a run of another content of the same file did not finish (the file was edited "
                    + "since), mark it ABANDONED and start this one. Without it such a run is refused (exit 2) when "
                    + "either content removes or resets: the new content would do its rows again beside the old run's "
                    + "(a reset file: every reset again). Establish-only contents supersede the old run without it."})
    boolean abandonUnfinished;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = {"Write the run's metrics to FILE in the Prometheus text format, for node_exporter's textfile "
                    + "collector (e.g. /var/lib/node_exporter/textfile/tms.prom): every minute while it runs and at its "
                    + "end, replaced atomically. A Pushgateway is set with tms.metrics.pushgateway-url."})
    Path metricsFile;

    @Mixin
    RunOptions runOptions;

    @Mixin
    RepositoryOptions repository;

    RunCommand(CliContext cli) {
        this.cli = cli;
    }

    /** The name given, or the file's path as the administrator names it (the users file's, with --systems). */
    private String rosterName() {
        if (roster != null) {
            return roster;
        }
        return input.toAbsolutePath().normalize().toString();
    }

    @Override
    public Integer call() {
        runOptions.validate();
        if (maxDestructive < 0) {
            throw new UsageException("--max-destructive must be 0 or more, not " + maxDestructive + ".");
        }
        if (roster != null && roster.isBlank()) {
            throw new UsageException("--roster must name the roster, not be empty.");
        }
        // before the input, which may be a million rows to read (and with --systems, to expand)
        TapisSettings tapis = TapisSettings.resolve(tapisUrl, passwordFile, cli.env(), allowInsecureHttp);
        RunInput file = systems.input(this.input, expandedDir != null ? expandedDir : ExpandedInputs.defaultDirectory());
        InputCheck input = InputCheck.of(file.file(), action);
        if (!runOptions.dryRun) {
            input.requireAtMostDestructive(maxDestructive, file.name());
        }
        TapisClient client = new TapisClient(tapis.baseUrl(), tapis.credentials(), runOptions.clientSettings());
        cli.out().printf("Provisioning %s against %s (default action %s)%n",
                file.describe(input.rows()), tapis.baseUrl(), action.label());
        cli.out().printf("Of these, %d remove and %d reset a credential (%s)%n", input.removals(), input.resets(),
                runOptions.dryRun ? "a dry run changes nothing" : "--max-destructive " + maxDestructive);
        runOptions.describeReverification(cli.out());
        cli.out().flush();
        String reportHint = "tms-provisioner report {id}"
                + (repository.explicitUrl() == null ? "" : " --repository-url '" + repository.explicitUrl() + "'")
                + " [--format csv|json|table|html] [--only failed,rejected] [--output FILE]";
        try (HeapWatch heap = new HeapWatch()) {
            RunRequest request = new RunRequest(file.file(), input.sha256(), action, tapis.baseUrl(),
                    runOptions.dryRun, input.rows(), input.destructive() > 0, abandonUnfinished,
                    new RunRequest.Roster(rosterName(), sync, Math.max(0, maxDestructive - input.destructive())));
            return JobRunner.run(cli, repository,
                    new JobRunner.Launch(request, client, runOptions.properties(), metricsFile, true, reportHint),
                    (context, run) -> {
                        file.explain(cli.out());
                        JobRunner.printThroughput(cli, context, run, client, heap);
                    });
        }
    }
}
