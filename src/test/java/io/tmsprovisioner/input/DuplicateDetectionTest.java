package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.tmsprovisioner.input.InputRow.Verdict;
import org.junit.jupiter.api.Test;

class DuplicateDetectionTest {

    private final DuplicateDetector detector = new DuplicateDetector();

    private InputRow valid(long line, String user, String system, Action action) {
        return detector.check(InputRow.valid(line, user, system, action));
    }

    @Test
    void sameActionTwiceMakesTheSecondADuplicate() {
        assertThat(valid(2, "alice", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(7, "alice", "sys", Action.ESTABLISH)).isEqualTo(InputRow.duplicate(
                7, "alice", "sys", Action.ESTABLISH, "repeats line 2 (same user, system and action)"));
    }

    @Test
    void aChangedActionInBetweenMeansNoDuplicate() {
        assertThat(valid(2, "alice", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(3, "alice", "sys", Action.REMOVE).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(4, "alice", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(5, "alice", "sys", Action.ESTABLISH).reason()).isEqualTo("repeats line 4 (same user, system and action)");
    }

    @Test
    void laterRepeatsPointAtTheRowThatTookEffect() {
        valid(2, "alice", "sys", Action.RESET);
        assertThat(valid(3, "alice", "sys", Action.RESET).reason()).isEqualTo("repeats line 2 (same user, system and action)");
        assertThat(valid(4, "alice", "sys", Action.RESET).reason()).isEqualTo("repeats line 2 (same user, system and action)");
    }

    @Test
    void rejectedRowsDoNotCountAsPrevious() {
        InputRow rejected = InputRow.rejected(2, "alice", "sys", null, "action 'x' is not one of establish, remove, reset");
        assertThat(detector.check(rejected)).isSameAs(rejected);
        assertThat(valid(3, "alice", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        detector.check(InputRow.rejected(4, "alice", "sys", Action.REMOVE, "something"));
        assertThat(valid(5, "alice", "sys", Action.ESTABLISH).reason()).isEqualTo("repeats line 3 (same user, system and action)");
    }

    @Test
    void pairIsCaseSensitiveAndBothPartsCount() {
        valid(2, "alice", "sys", Action.ESTABLISH);
        assertThat(valid(3, "Alice", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(4, "alice", "SYS", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(5, "alice", "other", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(6, "bob", "sys", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
    }
}
