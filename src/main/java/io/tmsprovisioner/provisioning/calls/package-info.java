/**
 * How a row's Tapis calls are made, whatever the rules asked for: each retried with backoff while Tapis fails
 * transiently ({@link io.tmsprovisioner.provisioning.calls.RowCalls}, by a
 * {@link io.tmsprovisioner.provisioning.calls.RetryPolicy}; a create is never repeated before a check says
 * nothing was stored), at the host's pace ({@link io.tmsprovisioner.provisioning.calls.PacedCalls}), and given
 * up when the run ends ({@link io.tmsprovisioner.provisioning.calls.RunEnding}: waits end at once, the row is
 * abandoned).
 *
 * <p>Uses {@code tapis} (its answers and failures) and {@code pacing}; knows nothing of rows, rules or outcomes,
 * so that {@code provisioning} uses it and never the other way.
 */
package io.tmsprovisioner.provisioning.calls;
