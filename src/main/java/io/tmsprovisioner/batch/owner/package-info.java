/**
 * Which process owns a running execution, and what happens when it no longer does: the owner records who it is
 * ({@link io.tmsprovisioner.batch.owner.ProcessOwner}, {@link io.tmsprovisioner.batch.owner.ProcessTable}) and beats
 * a lease in the repository ({@link io.tmsprovisioner.batch.owner.Heartbeat}); every create and remove is fenced by
 * it ({@link io.tmsprovisioner.batch.owner.LeaseFence}, {@link io.tmsprovisioner.batch.owner.RunGuard}); a run on any
 * host takes an execution over only once its owner is proven gone or its lease is stale
 * ({@link io.tmsprovisioner.batch.owner.DeadOwnerRecovery}); a stop asked from any host reaches the owner through
 * its heartbeat ({@link io.tmsprovisioner.batch.owner.RemoteStop}, {@link io.tmsprovisioner.batch.owner.StopRequest}).
 * It may use the repository's tables, the Tapis client's send guard and the run's end
 * ({@code provisioning.calls.RunEnding}).
 */
package io.tmsprovisioner.batch.owner;
