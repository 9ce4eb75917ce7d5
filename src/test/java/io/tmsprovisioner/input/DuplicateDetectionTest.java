package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.tmsprovisioner.input.InputRow.Verdict;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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

    @Test
    void pairsAreTakenExactlyWhateverCharactersTheyHold() {
        valid(2, "ab", "c", Action.ESTABLISH);
        assertThat(valid(3, "a", "bc", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(4, "a/b", "c", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(5, "a", "b/c", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(6, "a\0b", "c", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(7, "a", "\0bc", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(8, "é", "\uD800", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(9, "é", "\uD801", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(10, "", "", Action.ESTABLISH).verdict()).isEqualTo(Verdict.VALID);
        assertThat(valid(11, "ab", "c", Action.ESTABLISH).reason()).isEqualTo("repeats line 2 (same user, system and action)");
        assertThat(valid(12, "a", "\0bc", Action.ESTABLISH).reason()).isEqualTo("repeats line 7 (same user, system and action)");
        assertThat(detector.pairs()).isEqualTo(9);
    }

    @Test
    void largeLineNumbersAreKept() {
        long line = Long.MAX_VALUE >>> 2;
        valid(line - 1, "alice", "sys", Action.REMOVE);
        assertThat(valid(line, "alice", "sys", Action.REMOVE).reason())
                .isEqualTo("repeats line " + (line - 1) + " (same user, system and action)");
    }

    @Test
    void manyDistinctPairsAreAllRemembered() {
        int users = 2_000;
        int systems = 100;
        long line = 1;
        for (int u = 0; u < users; u++) {
            for (int s = 0; s < systems; s++) {
                assertThat(valid(++line, "user" + u, "system-" + s, Action.values()[(u + s) % 3]).verdict())
                        .isEqualTo(Verdict.VALID);
            }
        }
        assertThat(detector.pairs()).isEqualTo((long) users * systems);
        for (int u = 0; u < users; u++) {
            for (int s = 0; s < systems; s++) {
                long first = 2 + (long) u * systems + s;
                assertThat(valid(++line, "user" + u, "system-" + s, Action.values()[(u + s) % 3]).reason())
                        .isEqualTo("repeats line " + first + " (same user, system and action)");
            }
        }
    }

    /** The previous detector, kept as the reference: a HashMap from the pair to what is in force. */
    private static final class ReferenceDetector {
        private record InForce(Action action, long lineNumber) {
        }

        private final Map<String, InForce> inForce = new HashMap<>();

        InputRow check(InputRow row) {
            if (row.verdict() != Verdict.VALID) {
                return row;
            }
            String key = row.username() + '/' + row.systemId();
            InForce previous = inForce.get(key);
            if (previous != null && previous.action() == row.action()) {
                return InputRow.duplicate(row.lineNumber(), row.username(), row.systemId(), row.action(),
                        "repeats line " + previous.lineNumber() + " (same user, system and action)");
            }
            inForce.put(key, new InForce(row.action(), row.lineNumber()));
            return row;
        }
    }

    @Test
    void agreesWithTheReferenceOnARandomStream() {
        ReferenceDetector reference = new ReferenceDetector();
        SplittableRandom random = new SplittableRandom(7);
        for (long line = 2; line < 200_000; line++) {
            String user = "u" + random.nextInt(300);
            String system = "s" + random.nextInt(30);
            Action action = Action.values()[random.nextInt(3)];
            InputRow row = random.nextInt(10) == 0
                    ? InputRow.rejected(line, user, system, action, "rejected for the test")
                    : InputRow.valid(line, user, system, action);
            assertThat(detector.check(row)).isEqualTo(reference.check(row));
        }
    }
}
