/**
 * The Tapis client: the Systems calls the rules make ({@link io.tmsprovisioner.tapis.TapisSystems}, over HTTP in
 * {@link io.tmsprovisioner.tapis.TapisClient}), the token all threads share ({@link io.tmsprovisioner.tapis.TokenManager}),
 * one place that puts requests on the wire at the run's rate ({@link io.tmsprovisioner.tapis.TapisTransport},
 * {@link io.tmsprovisioner.tapis.RateLimiter}), and one place that reads meaning into Tapis's answers
 * ({@link io.tmsprovisioner.tapis.TapisAnswer}): a success, a refusal for the row, a transient failure, an outage,
 * or the caller's own authentication failing. Each answer and its source in Tapis: {@code docs/tapis-api.md}.
 *
 * <p>OkHttp and Jackson; uses no other package of the project (checked by {@code ArchitectureTest}). A run sends
 * through a view of the client guarded by its own {@link io.tmsprovisioner.tapis.SendGuard}.
 */
package io.tmsprovisioner.tapis;
