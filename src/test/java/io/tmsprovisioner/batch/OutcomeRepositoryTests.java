package io.tmsprovisioner.batch;

import io.tmsprovisioner.repository.ExecutionScope;
import io.tmsprovisioner.repository.OutcomeRepository;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the outcome table tells the step a resumed run starts. */
class OutcomeRepositoryTests extends JobTestSupport {
    private static final long PAST_INT = (1L << 31) + 7;

    private static RowOutcome created(long line) {
        return new RowOutcome(line, "user" + line, "stampede3", Action.ESTABLISH, Outcome.CREATED, null, null,
                "TMS keys created", 1, 5, Instant.EPOCH);
    }

    @Test
    void aLinePastWhatAnIntHoldsIsAmongTheLinesAResumedRunPassesOver() {
        // given: an execution launched with no tenant or roster, whose outcomes the ledger does not note
        outcomes.insert(new ExecutionScope(1, 1, null, null), List.of(created(3), created(PAST_INT)));

        // when
        OutcomeRepository.Recorded recorded = outcomes.recorded(1);

        // then
        assertThat(recorded.lines().contains(3)).isTrue();
        assertThat(recorded.lines().contains(PAST_INT)).isTrue();
        assertThat(recorded.lines().contains(PAST_INT - (1L << 31))).as("the line an int would make of it").isFalse();
        assertThat(recorded.lines().size()).isEqualTo(2);
        assertThat(recorded.counts()).containsEntry(Outcome.CREATED, 2L);
    }
}
