package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.Action;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureStreakTest {
    private static final String[] SYSTEMS = {"stampede3", "frontera", "ls6"};
    private long line;

    private RowOutcome failed(String system, Integer status, String code) {
        return outcome(system, Outcome.FAILED, status, code);
    }

    private RowOutcome outcome(String system, Outcome outcome, Integer status, String code) {
        return new RowOutcome(++line, "user" + line, system, Action.ESTABLISH, outcome, status, code, "", 1, 5,
                Instant.EPOCH);
    }

    /** Feeds {@code rows} rows failing the same way, round-robin over the given systems. */
    private void failRoundRobin(FailureStreak streak, int rows, int status, String code, String... systems) {
        for (int i = 0; i < rows; i++) {
            streak.record(failed(systems[i % systems.length], status, code));
        }
    }

    @Test
    void theSameRefusalOnThreeSystemsStopsAtTheStreaksLength() {
        FailureStreak streak = new FailureStreak(5);
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);

        assertThatThrownBy(() -> streak.record(failed("stampede3", 403, "SYSAPI_UNAUTH")))
                .isInstanceOf(SystematicFailureException.class)
                .hasMessage("the last 5 rows that reached Tapis all FAILED with HTTP 403 SYSAPI_UNAUTH, on 3 systems "
                        + "(frontera, ls6, stampede3): the caller may not manage these users' credentials (it must be "
                        + "each system's owner or a tenant admin). Fix the cause, then run the same command again to resume");
    }

    @Test
    void unknownSystemsEverywhereSuggestTheWrongTenant() {
        FailureStreak streak = new FailureStreak(3);
        failRoundRobin(streak, 2, 404, "SYSAPI_NOSYSTEM", "a", "b");

        assertThatThrownBy(() -> streak.record(failed("c", 404, "SYSAPI_NOSYSTEM")))
                .hasMessageContaining("HTTP 404 SYSAPI_NOSYSTEM, on 3 systems (a, b, c): Tapis does not know these "
                        + "systems (is the Tapis URL that of the right tenant?)");
    }

    @Test
    void oneOrTwoBadSystemsNeverStopARunHoweverManyLinesTheyHave() {
        FailureStreak streak = new FailureStreak(5);

        assertThatCode(() -> {
            failRoundRobin(streak, 1000, 404, "SYSAPI_NOSYSTEM", "hpc.retired-2019");
            failRoundRobin(streak, 1000, 403, "SYSAPI_UNAUTH", "lonestar.private", "other.private");
        }).doesNotThrowAnyException();
    }

    @Test
    void aSucceedingRowOrAnotherReasonBreaksTheStreakAndUnsentRowsDoNot() {
        FailureStreak streak = new FailureStreak(5);
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);
        streak.record(outcome("ls6", Outcome.CREATED, null, null));
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);
        streak.record(failed("ls6", 403, "SYSAPI_OTHER"));
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);
        streak.record(failed("ls6", 500, "SYSAPI_UNAUTH"));
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);
        streak.record(outcome("ls6", Outcome.REJECTED, null, null));
        streak.record(outcome("ls6", Outcome.DUPLICATE, null, null));

        assertThatThrownBy(() -> streak.record(failed("ls6", 403, "SYSAPI_UNAUTH")))
                .isInstanceOf(SystematicFailureException.class);
    }

    @Test
    void rowsSkippedAsTheirHostWasGivenUpNeitherExtendNorBreakTheStreak() {
        // given: a streak one row short of stopping
        FailureStreak streak = new FailureStreak(5);
        failRoundRobin(streak, 4, 403, "SYSAPI_UNAUTH", SYSTEMS);

        // when: the rows of three hosts the run gave up come, skipped without a call
        assertThatCode(() -> {
            for (int i = 0; i < 30; i++) {
                streak.record(failed(SYSTEMS[i % SYSTEMS.length], null, RowOutcome.HOST_UNREACHABLE));
            }
        }).as("three hosts down do not stop the run").doesNotThrowAnyException();

        // then
        assertThatThrownBy(() -> streak.record(failed("ls6", 403, "SYSAPI_UNAUTH")))
                .isInstanceOf(SystematicFailureException.class);
    }

    @Test
    void aStreakWithoutAnAnswerIsNamedAsSuch() {
        FailureStreak streak = new FailureStreak(3);
        streak.record(failed("stampede3", null, null));
        streak.record(failed("frontera", null, null));

        assertThatThrownBy(() -> streak.record(failed("ls6", null, null)))
                .hasMessageContaining("all FAILED with no HTTP answer, on 3 systems");
    }

    @Test
    void zeroNeverStopsAndANegativeLengthIsRefused() {
        FailureStreak never = new FailureStreak(0);

        assertThatCode(() -> failRoundRobin(never, 100, 403, "SYSAPI_UNAUTH", SYSTEMS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new FailureStreak(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
