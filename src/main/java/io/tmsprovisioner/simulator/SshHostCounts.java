package io.tmsprovisioner.simulator;

/**
 * The SSH connections the simulated Systems opened to one host, for a benchmark to print.
 *
 * @param connects    every connect of a verify step (a check of a stored credential, a create that verifies)
 * @param throttled   connects that first slept because the host's throttle window was full
 * @param dropped     connects sshd dropped under MaxStartups
 * @param mostPending the most connections pending on the host at once
 */
public record SshHostCounts(int connects, int throttled, int dropped, int mostPending) {
}
