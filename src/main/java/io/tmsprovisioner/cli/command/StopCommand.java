package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.batch.launch.ExecutionControl;
import io.tmsprovisioner.cli.config.CliContext;
import picocli.CommandLine.Command;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Ask a running execution to stop, from any host that shares its repository: within a few "
                + "seconds its process takes no new row, lets the rows in flight finish (up to tms.stop-grace) and "
                + "ends the execution STOPPED, as on SIGTERM. Run the same `run` command to resume it.",
                "Returns once the stop is asked; `status` shows when the execution has stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the stop was asked (or had been)",
                "1:the execution's process is dead: run the same `run` command to take it over and resume it",
                "2:no such execution, or it is not running: nothing was asked"})
final class StopCommand extends ExecutionControlCommand {

    StopCommand(CliContext cli) {
        super(cli);
    }

    @Override
    ExecutionControl.Answer apply(ExecutionControl control, long executionId) {
        return control.stop(executionId, ExecutionControl.asker());
    }
}
