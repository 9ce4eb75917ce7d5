package io.tmsprovisioner.provisioning;

/**
 * How a run provisions its rows.
 *
 * @param dryRun         send only checks and getSystem, and say what a real run would do
 * @param verifyNewKeys  check new TMS keys on the host after creating them (an SSH connection per create)
 * @param replaceRefused replace a stored key the host refuses even when an earlier run's replacement was refused too
 * @param reverify       when an establish row whose pair an earlier run found working is checked again
 */
public record ProvisioningOptions(boolean dryRun, boolean verifyNewKeys, boolean replaceRefused,
                                  ReverifySchedule reverify) {
    /** A real run that verifies new keys, replaces a refused key at most once and checks every pair. */
    public static final ProvisioningOptions DEFAULTS = new ProvisioningOptions(false, true, false, ReverifySchedule.ALWAYS);
}
