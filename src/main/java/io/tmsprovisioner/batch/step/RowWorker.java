package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal;
import io.tmsprovisioner.provisioning.FailureStreak;
import io.tmsprovisioner.provisioning.Provisioner;
import io.tmsprovisioner.provisioning.RowOutcome;

/**
 * One row's work on a worker thread: the provisioning rules (which know nothing of the step), after one
 * duty of the step's. A row whose pair's previous row finished but is not committed yet first journals that
 * row's outcome: if this row changes the credential and the run is then killed, the resumed run must not
 * redo the earlier row against the changed state (a replayed establish would create again what a later
 * remove took away). Rows without such a neighbour journal nothing, so a typical file costs no extra writes.
 * Every finished row then goes to the run's {@link FailureStreak}: when it completes a systematic failure,
 * the row's work throws, and the run ends as an outage ends it.
 */
public final class RowWorker implements RowPipeline.RowWork {
    private final Provisioner provisioner;
    private final AttemptJournal journal;
    private final FailureStreak failureStreak;

    public RowWorker(Provisioner provisioner, AttemptJournal journal, FailureStreak failureStreak) {
        this.provisioner = provisioner;
        this.journal = journal;
        this.failureStreak = failureStreak;
    }

    @Override
    public RowOutcome run(InputRow row, RowOutcome uncommittedPrevious, boolean lastTry) {
        if (uncommittedPrevious != null) {
            journal.finished(uncommittedPrevious);
        }
        RowOutcome outcome = provisioner.provision(row, !lastTry);
        failureStreak.record(outcome);
        return outcome;
    }
}
