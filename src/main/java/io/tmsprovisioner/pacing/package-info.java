/**
 * How fast a run may go without making Tapis, or the other users of the tenant, wait: the pace of SSH connects per
 * host ({@link io.tmsprovisioner.pacing.HostPaces}) and the number of credential writes in flight
 * ({@link io.tmsprovisioner.pacing.WritePace}).
 *
 * <p>Every check of a stored credential, and every verified create, is an SSH connection from a Systems worker to
 * the system's host. Systems lets 8 connects a host start in any 4 s and puts every connect beyond that to sleep for
 * 4 to 12 s inside one of its workers ({@code SSHConnection.throttleLaunch}); it writes and deletes credentials one
 * at a time. The pacing starts from those numbers, learns from what the answers show (a connect that took seconds
 * longer than the host's others slept in the throttle; a burst of {@code SYSLIB_CRED_CONN_FAIL} is sshd dropping
 * connections), backs a host off and probes upward carefully when nothing shows. See docs/tapis-api.md, "The
 * service's capacity".
 *
 * <p>Plain Java: no Spring, no Tapis types; times come from a clock the caller gives, so the rules are tested with a
 * fake one. Used by {@code provisioning.calls}, which paces the calls, and by the batch and the reports, which
 * show the figures.
 */
package io.tmsprovisioner.pacing;
