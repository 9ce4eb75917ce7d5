/**
 * The Tapis simulator used by {@code demo}, {@code simulator} and the tests: a tenant on loopback that answers as
 * the team's contract page says Tapis does. {@link io.tmsprovisioner.simulator.TapisSimulator} is its only door.
 *
 * <h2>What it may use</h2>
 * The JDK's HTTP server, Jackson, and nothing of the client ({@code io.tmsprovisioner.tapis}) or of the rest of
 * the tool: it must answer as Tapis does, not as the client expects, so the two are written and tested apart. Every
 * text it answers with is a Tapis template from {@code simulator/tapis-messages.properties}
 * ({@link io.tmsprovisioner.simulator.TapisMessages}).
 *
 * <h2>A request's path</h2>
 * {@link io.tmsprovisioner.simulator.RequestHandler}: {@link io.tmsprovisioner.simulator.Route}, a fault from
 * {@link io.tmsprovisioner.simulator.FaultInjector}, the latency ({@link io.tmsprovisioner.simulator.Pause}); then
 * nginx ({@link io.tmsprovisioner.simulator.Nginx}), the JWT filter
 * ({@link io.tmsprovisioner.simulator.TokenIssuer}) and a service:
 * {@link io.tmsprovisioner.simulator.TokenEndpoint} (the Authenticator) or
 * {@link io.tmsprovisioner.simulator.SystemsEndpoint}, which asks {@link io.tmsprovisioner.simulator.Tms} for key
 * pairs, {@link io.tmsprovisioner.simulator.VerifyStep} to connect to a host
 * ({@link io.tmsprovisioner.simulator.HostConnections}: the SSH throttle, MaxStartups, the handshake) and
 * {@link io.tmsprovisioner.simulator.CredentialWrites} to store or delete one write at a time.
 */
package io.tmsprovisioner.simulator;
