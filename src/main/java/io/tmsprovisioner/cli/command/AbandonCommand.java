package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.batch.launch.ExecutionControl;
import io.tmsprovisioner.cli.config.CliContext;
import picocli.CommandLine.Command;

@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = {"Give up a run for good: mark its execution ABANDONED, so that the same `run` command starts a "
                + "fresh job instance, which does every row again, instead of resuming it. Its recorded rows stay "
                + "(report, history).",
                "Only the last execution of a run that is not running: FAILED, STOPPED, UNKNOWN, or left STARTED by a "
                        + "process known to be dead (as `run` would take it over). A running execution is refused: "
                        + "`stop` it first."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the execution is now ABANDONED",
                "2:no such execution, or it is running, completed, abandoned already or resumed by a later one: "
                        + "nothing was changed"})
final class AbandonCommand extends ExecutionControlCommand {

    AbandonCommand(CliContext cli) {
        super(cli);
    }

    @Override
    ExecutionControl.Answer apply(ExecutionControl control, long executionId) {
        return control.abandon(executionId);
    }
}
