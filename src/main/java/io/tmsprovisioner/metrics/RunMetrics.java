package io.tmsprovisioner.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.batch.core.BatchStatus;
import io.tmsprovisioner.batch.step.Progress;
import io.tmsprovisioner.batch.step.ProgressSink;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.calls.RetryCounter;
import io.tmsprovisioner.report.ExecutionOverview;
import io.tmsprovisioner.tapis.CallObserver;
import io.tmsprovisioner.tapis.TapisEndpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters one run leaves behind, in a Prometheus registry of its own. Every series carries the input
 * file's name and the mode (apply or dry-run): two scheduled jobs writing into one textfile directory,
 * or pushing to one Pushgateway, stay apart. No label holds a user, a system or a secret.
 *
 * <ul>
 *   <li>{@code tms_rows{outcome}}: rows recorded for the run's job instance, by outcome (as the summary counts them);</li>
 *   <li>{@code tms_tapis_call_seconds{endpoint,status}}: each request to Tapis, by call and HTTP status (0: no
 *       answer), with a histogram of its duration ({@code _bucket}, {@code _count}, {@code _sum});</li>
 *   <li>{@code tms_retries_total}: retries of Tapis calls that failed transiently;</li>
 *   <li>{@code tms_run_duration_seconds}: how long the run has taken, or took;</li>
 *   <li>{@code tms_last_success_timestamp_seconds}: when a run of this input last completed (Unix time), set only
 *       when one does; a failed run keeps the value it found.</li>
 * </ul>
 */
public final class RunMetrics implements CallObserver, ProgressSink {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final long startedNanos = System.nanoTime();
    private final long retriesBefore = RetryCounter.total();
    private final Map<Outcome, AtomicLong> rows = new EnumMap<>(Outcome.class);
    private final AtomicLong lastSuccessSeconds = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final Map<Call, Timer> callTimers = new ConcurrentHashMap<>();
    private volatile long endedNanos;

    /**
     * @param inputName   the input file's name (no directory)
     * @param lastSuccess when a run of this input last completed, as an earlier metrics file says; empty if unknown
     */
    public RunMetrics(String inputName, boolean dryRun, OptionalDouble lastSuccess, Clock clock) {
        this.clock = clock;
        registry.config().commonTags(Tags.of("input", inputName, "mode", dryRun ? "dry-run" : "apply"));
        for (Outcome outcome : Outcome.recordedBy(dryRun)) {
            AtomicLong count = new AtomicLong();
            rows.put(outcome, count);
            Gauge.builder("tms.rows", count, AtomicLong::get).description("Rows recorded for the run's job instance")
                    .tag("outcome", outcome.name()).register(registry);
        }
        FunctionCounter.builder("tms.retries", this, metrics -> RetryCounter.total() - metrics.retriesBefore)
                .description("Retries of Tapis calls that failed transiently").register(registry);
        TimeGauge.builder("tms.run.duration", this, TimeUnit.NANOSECONDS, RunMetrics::elapsedNanos)
                .description("How long the run has taken").register(registry);
        lastSuccess.ifPresent(seconds -> {
            lastSuccessSeconds.set((long) seconds);
            registerLastSuccess();
        });
    }

    @Override
    public void answered(TapisEndpoint endpoint, int status, long nanos) {
        requests.increment();
        // on every request's path: each timer is built once
        callTimers.computeIfAbsent(new Call(endpoint, status), this::callTimer).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer callTimer(Call call) {
        return Timer.builder("tms.tapis.call").description("Requests to Tapis, by call and HTTP status (0: no answer)")
                .tag("endpoint", call.endpoint().label()).tag("status", Integer.toString(call.status()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    private record Call(TapisEndpoint endpoint, int status) {
    }

    @Override
    public void update(Progress progress) {
        progress.counts().forEach((outcome, count) -> {
            AtomicLong gauge = rows.get(outcome);
            if (gauge != null) {
                gauge.set(count);
            }
        });
    }

    /** The run is over: its rows as the summary counts them, and the last success when it completed. */
    public void ended(ExecutionOverview run) {
        endedNanos = System.nanoTime();
        rows.forEach((outcome, gauge) -> gauge.set(run.instanceCounts().getOrDefault(outcome, 0L)));
        if (run.status() == BatchStatus.COMPLETED) {
            lastSuccessSeconds.set(clock.instant().getEpochSecond());
            registerLastSuccess();
        }
    }

    /** Whether {@link #ended} was told: the job ran (and completed, failed or stopped). */
    boolean hasEnded() {
        return endedNanos != 0;
    }

    /** Requests to Tapis so far. */
    long requests() {
        return requests.sum();
    }

    private void registerLastSuccess() {
        Gauge.builder("tms.last.success.timestamp", lastSuccessSeconds, AtomicLong::get).baseUnit("seconds")
                .description("When a run of this input last completed (Unix time)").register(registry);
    }

    private double elapsedNanos() {
        long end = endedNanos;
        return (end == 0 ? System.nanoTime() : end) - startedNanos;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }
}
