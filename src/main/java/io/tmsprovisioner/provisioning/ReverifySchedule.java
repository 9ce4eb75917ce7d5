package io.tmsprovisioner.provisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a pair found present by an earlier run is checked again ({@code --reverify-after}).
 *
 * <p>A fixed age limit would re-check a whole roster on the night its first run turns that old. Instead each
 * pair has its own turn: one instant in every period, at an offset within the period that a hash of the pair
 * fixes. A pair is checked when its last verification is older than its latest turn. So every pair is
 * verified at least once per period, and a roster verified all on one night is re-checked over the following
 * period, about one night's share of it each night.
 */
public final class ReverifySchedule {
    /** Every pair is checked on every run. */
    public static final ReverifySchedule ALWAYS = new ReverifySchedule(Duration.ZERO);

    private final Duration period;

    private ReverifySchedule(Duration period) {
        this.period = period;
    }

    /**
     * @param period how long a verification stands at most; zero checks every pair on every run
     */
    public static ReverifySchedule every(Duration period) {
        if (Objects.requireNonNull(period, "period").isNegative()) {
            throw new IllegalArgumentException("the re-verification period must not be negative, not " + period);
        }
        return period.isZero() ? ALWAYS : new ReverifySchedule(period);
    }

    /** The period as the command line takes it: {@code 7d}, {@code 36h}, {@code 90m}. */
    public String describe() {
        if (period.toDaysPart() > 0 && period.equals(Duration.ofDays(period.toDays()))) {
            return period.toDays() + "d";
        }
        if (period.equals(Duration.ofHours(period.toHours()))) {
            return period.toHours() + "h";
        }
        return period.equals(Duration.ofMinutes(period.toMinutes())) ? period.toMinutes() + "m" : period.toString();
    }

    /** Whether runs may pass over pairs verified recently at all. */
    public boolean passesOverRecentPairs() {
        return !period.isZero();
    }

    /** Whether a pair last verified at {@code lastVerified} is to be checked {@code now}. */
    public boolean isDue(String systemId, String username, Instant lastVerified, Instant now) {
        return !passesOverRecentPairs() || lastVerified.isBefore(latestTurn(systemId, username, now));
    }

    /** The pair's next turn after {@code now}: by then a run checks it again. */
    public Instant nextTurn(String systemId, String username, Instant now) {
        return latestTurn(systemId, username, now).plus(period);
    }

    /** The pair's last turn at or before {@code now}. */
    Instant latestTurn(String systemId, String username, Instant now) {
        long periodMillis = period.toMillis();
        long sinceOffset = now.toEpochMilli() - offsetMillis(systemId, username, periodMillis);
        return Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(sinceOffset, periodMillis));
    }

    /** The same for a pair in every process: String.hashCode is specified, and mixed to spread close names. */
    private static long offsetMillis(String systemId, String username, long periodMillis) {
        long hash = (systemId + '\u0000' + username).hashCode() * 0x9E3779B97F4A7C15L;
        return Math.floorMod(hash ^ (hash >>> 29), periodMillis);
    }
}
