package io.tmsprovisioner.provisioning;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReverifyScheduleTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final ReverifySchedule WEEKLY = ReverifySchedule.every(WEEK);
    /** A night's run, at 02:00. */
    private static final Instant FIRST_NIGHT = Instant.parse("2026-12-01T02:00:00Z");

    private static List<String> roster(int users, String... systems) {
        List<String> pairs = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            for (String system : systems) {
                pairs.add(system + "/user" + String.format("%05d", user));
            }
        }
        return pairs;
    }

    private static boolean due(String pair, Instant lastVerified, Instant now) {
        String[] parts = pair.split("/");
        return WEEKLY.isDue(parts[0], parts[1], lastVerified, now);
    }

    @Test
    void aRosterVerifiedOnOneNightIsCheckedAgainAShareEachNightAndWhollyWithinThePeriod() {
        List<String> pairs = roster(2_500, "stampede3", "frontera", "ls6", "vista");
        Map<String, Instant> lastVerified = new HashMap<>();
        pairs.forEach(pair -> lastVerified.put(pair, FIRST_NIGHT));

        List<Integer> checkedPerNight = new ArrayList<>();
        for (int night = 1; night <= 14; night++) {
            Instant now = FIRST_NIGHT.plus(Duration.ofDays(night));
            int checked = 0;
            for (String pair : pairs) {
                if (due(pair, lastVerified.get(pair), now)) {
                    lastVerified.put(pair, now);
                    checked++;
                }
                assertThat(Duration.between(lastVerified.get(pair), now)).as(pair).isLessThan(WEEK);
            }
            checkedPerNight.add(checked);
        }

        // 10,000 pairs, a seventh of them each night (1,429), within a few percent; the same again in week two
        assertThat(checkedPerNight).allSatisfy(checked -> assertThat(checked).isBetween(1_300, 1_560));
        assertThat(checkedPerNight.subList(0, 7).stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
        assertThat(checkedPerNight.subList(7, 14).stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
    }

    @Test
    void aPairIsDueOnlyOnceItsTurnHasPassedSinceItsLastVerification() {
        Instant turn = WEEKLY.nextTurn("frontera", "jdoe", FIRST_NIGHT);

        assertThat(WEEKLY.isDue("frontera", "jdoe", FIRST_NIGHT, turn.minusMillis(1))).isFalse();
        assertThat(WEEKLY.isDue("frontera", "jdoe", FIRST_NIGHT, turn)).isTrue();
        assertThat(WEEKLY.isDue("frontera", "jdoe", turn, turn.plus(WEEK).minusMillis(1))).isFalse();
        assertThat(WEEKLY.nextTurn("frontera", "jdoe", turn)).isEqualTo(turn.plus(WEEK));
        assertThat(turn).isAfter(FIRST_NIGHT).isBeforeOrEqualTo(FIRST_NIGHT.plus(WEEK));
    }

    @Test
    void aVerificationOlderThanThePeriodIsAlwaysDue() {
        for (String pair : roster(200, "stampede3")) {
            Instant now = FIRST_NIGHT.plus(Duration.ofDays(30));
            assertThat(due(pair, now.minus(WEEK).minusMillis(1), now)).as(pair).isTrue();
        }
    }

    @Test
    void withoutAPeriodEveryPairIsCheckedOnEveryRun() {
        assertThat(ReverifySchedule.every(Duration.ZERO)).isSameAs(ReverifySchedule.ALWAYS);
        assertThat(ReverifySchedule.ALWAYS.passesOverRecentPairs()).isFalse();
        assertThat(ReverifySchedule.ALWAYS.isDue("frontera", "jdoe", FIRST_NIGHT, FIRST_NIGHT)).isTrue();
        assertThatThrownBy(() -> ReverifySchedule.every(Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePeriodIsDescribedAsTheCommandLineTakesIt() {
        assertThat(List.of(WEEKLY.describe(), ReverifySchedule.every(Duration.ofHours(36)).describe(),
                ReverifySchedule.every(Duration.ofMinutes(90)).describe()))
                .containsExactly("7d", "36h", "90m");
    }
}
