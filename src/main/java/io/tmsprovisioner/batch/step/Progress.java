package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.provisioning.Outcome;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How far a run is: rows with a committed outcome (those of the executions it resumed included), of
 * how many, at what pace, and with which outcomes.
 *
 * @param total      data rows in the input; 0 when unknown
 * @param rowsPerSecond rows this execution committed per second so far
 */
public record Progress(long done, long total, double rowsPerSecond, Map<Outcome, Long> counts) {

    /** Time left at the current pace; empty while unknown. */
    public Optional<Duration> eta() {
        if (total <= 0 || rowsPerSecond <= 0 || done >= total) {
            return done >= total && total > 0 ? Optional.of(Duration.ZERO) : Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((total - done) / rowsPerSecond * 1000)));
    }
}
