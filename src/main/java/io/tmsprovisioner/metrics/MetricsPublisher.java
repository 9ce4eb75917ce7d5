package io.tmsprovisioner.metrics;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a run's metrics every interval (a minute by default) while it runs and once more when its job ends: the file is
 * replaced atomically, the Pushgateway gets a POST (which replaces these metrics in the group and keeps any
 * others there, such as the last success of an earlier run). A publication that fails is told on standard
 * error and does not change the run's result or exit code.
 */
public final class MetricsPublisher implements AutoCloseable {
    /** The Pushgateway's job label. */
    static final String JOB = "tms-provisioner";

    private final RunMetrics metrics;
    private final MetricsFile file;
    private final PushGateway pushgateway;
    private final String pushgatewayUrl;
    private final PrintWriter warnings;
    private final ScheduledExecutorService clock;
    /** Tapis requests before the launch (the login's): the job's first request tells that it runs. */
    private final long requestsBefore;

    private MetricsPublisher(RunMetrics metrics, MetricsOutputs outputs, String inputName, boolean dryRun,
                             PrintWriter warnings) {
        this.metrics = metrics;
        this.file = outputs.file() == null ? null : new MetricsFile(outputs.file());
        this.pushgatewayUrl = outputs.pushgateway() == null ? null : outputs.pushgateway().toString();
        this.pushgateway = outputs.pushgateway() == null ? null : PushGateway.builder()
                .scheme(outputs.pushgateway().getScheme().equalsIgnoreCase("https") ? Scheme.HTTPS : Scheme.HTTP)
                .address(outputs.pushgateway().getHost() + ":" + port(outputs.pushgateway().getPort(),
                        outputs.pushgateway().getScheme()))
                .job(JOB)
                .groupingKey("input", inputName)
                .groupingKey("mode", dryRun ? "dry-run" : "apply")
                .format(Format.PROMETHEUS_TEXT)
                .registry(metrics.registry().getPrometheusRegistry())
                .connectionTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(10))
                .build();
        this.warnings = warnings;
        this.requestsBefore = metrics.requests();
        this.clock = file == null && pushgateway == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "metrics");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts publishing to the outputs every {@code interval} (nothing at all when there are no outputs). */
    public static MetricsPublisher start(RunMetrics metrics, MetricsOutputs outputs, Duration interval, String inputName,
                                         boolean dryRun, PrintWriter warnings) {
        MetricsPublisher publisher = new MetricsPublisher(metrics, outputs, inputName, dryRun, warnings);
        if (publisher.clock != null) {
            publisher.clock.scheduleAtFixedRate(publisher::publishWhileRunning, interval.toMillis(),
                    interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return publisher;
    }

    private static int port(int port, String scheme) {
        return port >= 0 ? port : scheme.equalsIgnoreCase("https") ? 443 : 9091;
    }

    /**
     * A run the launcher refuses (another one is running) makes no request to Tapis, and must not replace the
     * running one's figures with its own empty ones.
     */
    private void publishWhileRunning() {
        if (metrics.requests() > requestsBefore) {
            publish();
        }
    }

    /** Writes the file and pushes, now. */
    private synchronized void publish() {
        if (file != null) {
            try {
                file.write(metrics.scrape());
            } catch (IOException | RuntimeException e) {
                warn("Could not write the metrics file " + file.path() + ": " + e.getMessage());
            }
        }
        if (pushgateway != null) {
            try {
                pushgateway.pushAdd();
            } catch (IOException | RuntimeException e) {
                warn("Could not push the metrics to " + pushgatewayUrl + ": " + e.getMessage());
            }
        }
    }

    private void warn(String message) {
        warnings.println("tms-provisioner: " + message);
        warnings.flush();
    }

    /** Stops the schedule and publishes the final values, if the job ran. */
    @Override
    public void close() {
        if (clock != null) {
            clock.shutdownNow();
            if (metrics.hasEnded()) {
                publish();
            }
        }
    }
}
