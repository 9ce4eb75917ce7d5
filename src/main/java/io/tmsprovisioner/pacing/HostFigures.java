package io.tmsprovisioner.pacing;

import java.time.Duration;

/**
 * What one host's connects came to in a run, for the summary.
 *
 * @param connects  connects started (a check that found nothing stored did not connect and is not counted)
 * @param slow      connects that took so much longer than the host's others that they likely slept in Systems'
 *                  throttle; a share above a few percent means the tenant admits fewer connects than the pace
 * @param pace      connects per {@code window} the host was paced at in the end
 * @param window    Systems' throttle window the pace is kept in
 * @param median    the median answer time of its connects
 * @param p95       the 95th percentile of it
 */
public record HostFigures(String host, long connects, long slow, int pace, Duration window, Duration median,
                          Duration p95) {
}
