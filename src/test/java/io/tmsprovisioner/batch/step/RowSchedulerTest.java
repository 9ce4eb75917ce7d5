package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rows may start: pair order, the per-system cap, earliest line first. Single-threaded, as the scheduler is. */
class RowSchedulerTest {
    private final RowScheduler scheduler = new RowScheduler(2);

    private static InputRow row(long line, String user, String system) {
        return InputRow.valid(line, user, system, Action.ESTABLISH);
    }

    private static RowOutcome outcome(InputRow row) {
        return new RowOutcome(row.lineNumber(), row.username(), row.systemId(), row.action(), Outcome.ALREADY_PRESENT,
                null, null, "ok", 1, 5, Instant.EPOCH);
    }

    /** Starts every row that may start now, and says which. */
    private List<Long> startAll() {
        List<Long> started = new ArrayList<>();
        RowScheduler.Start start;
        while ((start = scheduler.next()) != null) {
            started.add(start.row().lineNumber());
        }
        return started;
    }

    @Test
    void rowsOfOnePairStartOneAtATimeInFileOrderAndLearnTheOutcomeNotYetCommitted() {
        InputRow first = row(2, "jdoe", "stampede3");
        InputRow second = row(5, "jdoe", "stampede3");
        InputRow third = row(9, "jdoe", "stampede3");
        scheduler.add(first);
        scheduler.add(second);
        scheduler.add(third);

        assertThat(startAll()).containsExactly(2L);
        scheduler.finished(first, outcome(first));
        RowScheduler.Start afterFirst = scheduler.next();
        assertThat(scheduler.next()).as("the third waits for the second").isNull();
        scheduler.committed(outcome(first));
        scheduler.finished(second, outcome(second));
        scheduler.committed(outcome(second));
        RowScheduler.Start afterSecond = scheduler.next();

        assertThat(afterFirst.row()).isEqualTo(second);
        assertThat(afterFirst.uncommittedPrevious()).isEqualTo(outcome(first));
        assertThat(afterSecond.row()).isEqualTo(third);
        assertThat(afterSecond.uncommittedPrevious()).as("committed: the record has it").isNull();
    }

    @Test
    void aRowReadWhileItsPairsNextRowWaitsForAThreadWaitsBehindIt() {
        InputRow first = row(2, "jdoe", "stampede3");
        InputRow second = row(5, "jdoe", "stampede3");
        scheduler.add(first);
        scheduler.add(second);
        startAll();
        scheduler.finished(first, outcome(first)); // the second may start now, but has not yet

        scheduler.add(row(9, "jdoe", "stampede3"));

        assertThat(startAll()).containsExactly(5L);
    }

    @Test
    void aSystemAtItsCapLetsRowsOfOtherSystemsPass() {
        scheduler.add(row(2, "a", "stampede3"));
        scheduler.add(row(3, "b", "stampede3"));
        InputRow third = row(4, "c", "stampede3");
        scheduler.add(third);
        scheduler.add(row(5, "a", "frontera"));

        assertThat(startAll()).containsExactly(2L, 3L, 5L);
        assertThat(scheduler.inFlight("stampede3")).isEqualTo(2);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void aSlotFreedByAFinishedRowGoesToTheSystemsNextRow() {
        InputRow first = row(2, "a", "stampede3");
        scheduler.add(first);
        scheduler.add(row(3, "b", "stampede3"));
        scheduler.add(row(4, "c", "stampede3"));
        startAll();

        scheduler.finished(first, outcome(first));

        assertThat(startAll()).containsExactly(4L);
        assertThat(scheduler.inFlight("stampede3")).isEqualTo(2);
    }

    @Test
    void theEarliestLineStartsFirstAcrossSystems() {
        RowScheduler oneAtATime = new RowScheduler(1);
        InputRow blocker = row(2, "a", "stampede3");
        oneAtATime.add(blocker);
        oneAtATime.add(row(3, "b", "stampede3"));
        oneAtATime.add(row(4, "c", "frontera"));
        oneAtATime.add(row(5, "d", "ls6"));
        assertThat(oneAtATime.next().row().lineNumber()).isEqualTo(2L);

        assertThat(oneAtATime.next().row().lineNumber()).isEqualTo(4L);
        oneAtATime.finished(blocker, outcome(blocker));
        assertThat(oneAtATime.next().row().lineNumber()).as("line 3 before line 5").isEqualTo(3L);
        assertThat(oneAtATime.next().row().lineNumber()).isEqualTo(5L);
    }

    @Test
    void aRowThatDidNotFinishBlocksTheLaterRowsOfItsPairForTheRestOfTheRun() {
        InputRow establish = row(2, "jdoe", "stampede3");
        scheduler.add(establish);
        scheduler.add(InputRow.valid(3, "jdoe", "stampede3", Action.REMOVE));
        startAll();

        scheduler.abandoned(establish);
        scheduler.add(InputRow.valid(4, "jdoe", "stampede3", Action.RESET));
        scheduler.add(row(5, "asmith", "stampede3"));

        assertThat(startAll()).as("only the other pair's row").containsExactly(5L);
        assertThat(scheduler.waiting()).as("rows of a blocked pair are not waiting: they never start in this run").isZero();
        assertThat(scheduler.inFlight("stampede3")).isEqualTo(1);
    }

    @Test
    void aRowPutOffFreesItsSlotAndKeepsItsPairWaitingUntilItIsTriedAgainAndFinishes() {
        RowScheduler onePerSystem = new RowScheduler(1);
        InputRow first = row(2, "jdoe", "stampede3");
        InputRow putOff = row(3, "jdoe", "stampede3");
        InputRow later = row(4, "jdoe", "stampede3");
        InputRow other = row(5, "asmith", "stampede3");
        onePerSystem.add(first);
        onePerSystem.add(putOff);
        onePerSystem.add(later);
        onePerSystem.add(other);
        onePerSystem.next();
        onePerSystem.finished(first, outcome(first));
        assertThat(onePerSystem.next().row()).isEqualTo(putOff);

        onePerSystem.putOff(putOff);

        assertThat(onePerSystem.hasPutOff()).isTrue();
        assertThat(onePerSystem.next().row()).as("the slot it freed goes to another pair").isEqualTo(other);
        onePerSystem.finished(other, outcome(other));
        assertThat(onePerSystem.next()).as("its pair's later row waits for it").isNull();
        assertThat(onePerSystem.waiting()).as("the put-off row and the one behind it").isEqualTo(2);

        assertThat(onePerSystem.retryPutOff()).containsExactly(3L);
        RowScheduler.Start again = onePerSystem.next();
        assertThat(again.row()).isEqualTo(putOff);
        assertThat(again.uncommittedPrevious()).as("the first row is still not committed").isEqualTo(outcome(first));
        assertThat(onePerSystem.hasPutOff()).isFalse();
        onePerSystem.finished(putOff, outcome(putOff));
        assertThat(onePerSystem.next().row()).isEqualTo(later);
        assertThat(onePerSystem.waiting()).isZero();
    }

    @Test
    void aRowThatIsNotRunningCannotFinish() {
        InputRow row = row(2, "jdoe", "stampede3");
        scheduler.add(row);

        assertThatThrownBy(() -> scheduler.finished(row, outcome(row))).isInstanceOf(IllegalStateException.class);
    }
}
