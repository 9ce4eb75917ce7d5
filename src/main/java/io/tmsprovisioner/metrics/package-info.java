/**
 * A run's Micrometer meters ({@link io.tmsprovisioner.metrics.RunMetrics}: rows by outcome, calls by endpoint
 * and status, retries, the run's duration and last success) and where they go while it runs and when it ends:
 * a file for node_exporter's textfile collector, a Prometheus Pushgateway, both or neither
 * ({@link io.tmsprovisioner.metrics.MetricsOutputs}).
 *
 * <p>Reads the step's progress, the client's calls and the retry count; used only by {@code cli.run}.
 */
package io.tmsprovisioner.metrics;
