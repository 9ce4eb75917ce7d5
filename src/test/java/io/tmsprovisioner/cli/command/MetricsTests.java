package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.Samples;
import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.ExitCodes;
import io.tmsprovisioner.metrics.PrometheusText;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a run leaves for Prometheus: a metrics file read back, and a push to a loopback Pushgateway. */
class MetricsTests extends CliTestSupport {
    private static final Map<String, String> ONBOARDING_RUN = Map.of("input", "onboarding.csv", "mode", "apply");

    @StartStop
    private final MockWebServer pushgateway = new MockWebServer();

    private Path metrics;

    @BeforeEach
    void metricsFile() {
        metrics = dir.resolve("tms.prom");
    }

    /** The administrator's environment, with a configuration file of these lines when there are any. */
    private Map<String, String> login(String... config) throws Exception {
        Map<String, String> env = new HashMap<>(loginEnv());
        if (config.length > 0) {
            env.put("TMS_CONFIG", Files.writeString(dir.resolve("config.yml"), String.join("\n", config)).toString());
        }
        return env;
    }

    private static Map<Outcome, Long> expectedOnboardingCounts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        Samples.ONBOARDING_OUTCOMES.values().forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
        return counts;
    }

    private static void assertRowsByOutcome(PrometheusText text, Map<Outcome, Long> expected) {
        for (Outcome outcome : Outcome.recordedBy(false)) {
            Map<String, String> labels = new HashMap<>(ONBOARDING_RUN);
            labels.put("outcome", outcome.name());
            assertThat(text.of("tms_rows", labels)).as(outcome.name()).singleElement()
                    .extracting(PrometheusText.Sample::value).isEqualTo((double) expected.getOrDefault(outcome, 0L));
        }
    }

    @Test
    void theMetricsFileHoldsTheRunsCountsCallsAndLastSuccess() throws Exception {
        // when
        Result result = run(login(), Samples.ONBOARDING, "--metrics-file", metrics.toString());

        // then
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        String content = Files.readString(metrics);
        PrometheusText text = PrometheusText.parse(content);
        assertRowsByOutcome(text, expectedOnboardingCounts());
        for (Endpoint endpoint : List.of(Endpoint.TOKEN, Endpoint.GET_SYSTEM, Endpoint.CHECK_CREDENTIAL,
                Endpoint.CREATE_CREDENTIAL, Endpoint.REMOVE_CREDENTIAL)) {
            Map<String, String> labels = new HashMap<>(ONBOARDING_RUN);
            labels.put("endpoint", endpoint.name().toLowerCase());
            assertThat(text.sum("tms_tapis_call_seconds_count", labels)).as(endpoint.name())
                    .isEqualTo(simulator.calls(endpoint));
        }
        assertThat(text.sum("tms_tapis_call_seconds_count", Map.of("endpoint", "check_credential", "status", "401")))
                .isPositive();
        assertThat(text.of("tms_tapis_call_seconds_bucket", Map.of("endpoint", "check_credential", "le", "+Inf")))
                .isNotEmpty();
        assertThat(text.sum("tms_retries_total", ONBOARDING_RUN)).isZero();
        assertThat(text.sum("tms_run_duration_seconds", ONBOARDING_RUN)).isPositive();
        assertThat(text.sum("tms_last_success_timestamp_seconds", ONBOARDING_RUN))
                .isCloseTo(Instant.now().getEpochSecond(), within(120.0));
        assertThat(content).doesNotContain(Samples.adminPassword()).doesNotContain("eyJ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void aFailedRunKeepsTheLastSuccessAndRetriesAreCounted() throws Exception {
        // given: a completed run's file
        assertThat(run(login(), Samples.ONBOARDING, "--metrics-file", metrics.toString()).exitCode())
                .isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        double lastSuccess = PrometheusText.parse(Files.readString(metrics))
                .sum("tms_last_success_timestamp_seconds", ONBOARDING_RUN);

        // when: the next run's creates are all answered 503 (one retry on each of a row's two tries, the second
        // at the end of the run), then a run whose token is refused
        simulator.failFrom(Endpoint.CREATE_CREDENTIAL, 1, Fault.SERVER_ERROR);
        Path cohort = Files.writeString(dir.resolve("onboarding.csv"),
                "username,system_id\nnew1,stampede3\nnew2,frontera\nnew3,ls6\njdoe,stampede3\n");
        Result retried = run(login("tms:", "  retry:", "    base-delay: 5ms", "    max-delay: 10ms"), cohort,
                "--metrics-file", metrics.toString(), "--max-attempts", "2");
        PrometheusText afterRetries = PrometheusText.parse(Files.readString(metrics));
        Result failed = run(Map.of("TAPIS_BASE_URL", simulator.baseUrl(), "TAPIS_TOKEN", "expired.jwt.token"),
                cohort, "--metrics-file", metrics.toString());

        // then
        assertThat(retried.exitCode()).as(retried.out() + retried.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        assertThat(afterRetries.sum("tms_retries_total", ONBOARDING_RUN)).isEqualTo(6);
        assertThat(afterRetries.sum("tms_tapis_call_seconds_count", Map.of("endpoint", "create_credential",
                "status", "503"))).isEqualTo(12);
        assertThat(afterRetries.of("tms_rows", Map.of("outcome", "FAILED"))).singleElement()
                .extracting(PrometheusText.Sample::value).isEqualTo(3.0);
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
        PrometheusText afterFailure = PrometheusText.parse(Files.readString(metrics));
        assertThat(afterFailure.sum("tms_last_success_timestamp_seconds", ONBOARDING_RUN))
                .isEqualTo(afterRetries.sum("tms_last_success_timestamp_seconds", ONBOARDING_RUN))
                .isGreaterThanOrEqualTo(lastSuccess);
        assertThat(afterFailure.sum("tms_rows", ONBOARDING_RUN)).as("the failed run recorded no row").isZero();
    }

    @Test
    void theMetricsArePushedToThePushgatewayGroupedByJobInputAndMode() throws Exception {
        pushgateway.enqueue(new MockResponse.Builder().code(200).build());

        Result result = run(login("tms:", "  metrics:", "    pushgateway-url: http://127.0.0.1:" + pushgateway.getPort()),
                Samples.ONBOARDING);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
        RecordedRequest push = pushgateway.takeRequest(5, TimeUnit.SECONDS);
        assertThat(push).isNotNull();
        assertThat(push.getMethod()).isEqualTo("POST");
        assertThat(push.getUrl().encodedPath()).isEqualTo("/metrics/job/tms-provisioner/input/onboarding.csv/mode/apply");
        String body = push.getBody().utf8();
        assertRowsByOutcome(PrometheusText.parse(body), expectedOnboardingCounts());
        assertThat(body).doesNotContain(Samples.adminPassword()).doesNotContain("eyJ");
        assertThat(result.err()).doesNotContain("Could not push");
    }

    @Test
    void aRunningJobPublishesEveryIntervalBeforeItsEnd() throws Exception {
        // given: every push answered; a run held inside its first create
        pushgateway.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).build();
            }
        });
        Map<String, String> env = login("tms:", "  metrics:", "    pushgateway-url: http://127.0.0.1:"
                + pushgateway.getPort(), "    interval: 100ms");
        CountDownLatch inCreate = simulator.holdAfterEffect(Endpoint.CREATE_CREDENTIAL, 1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Result> running = thread.submit(() -> run(env, Samples.ONBOARDING, "--metrics-file", metrics.toString()));
            assertThat(inCreate.await(60, TimeUnit.SECONDS)).as("the run reached its first create").isTrue();

            // when: the run is held, a second run of the same job is refused meanwhile, then the first is released
            RecordedRequest whileRunning = pushgateway.takeRequest(30, TimeUnit.SECONDS);
            PrometheusText fileWhileRunning = PrometheusText.parse(Files.readString(metrics));
            Path refusedMetrics = dir.resolve("refused.prom");
            Result refused = run(env, Samples.ONBOARDING, "--metrics-file", refusedMetrics.toString());
            simulator.releaseHeld();
            Result finished = running.get(120, TimeUnit.SECONDS);

            // then: pushes and the file came while it ran, without a last success yet
            assertThat(finished.exitCode()).as(finished.out() + finished.err()).isEqualTo(ExitCodes.ROWS_NEED_ATTENTION);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(refusedMetrics).as("a refused run publishes nothing").doesNotExist();
            assertThat(whileRunning).isNotNull();
            PrometheusText pushedWhileRunning = PrometheusText.parse(whileRunning.getBody().utf8());
            assertThat(pushedWhileRunning.of("tms_run_duration_seconds", ONBOARDING_RUN)).isNotEmpty();
            assertThat(pushedWhileRunning.of("tms_last_success_timestamp_seconds", ONBOARDING_RUN)).isEmpty();
            assertThat(fileWhileRunning.of("tms_last_success_timestamp_seconds", ONBOARDING_RUN)).isEmpty();
            assertThat(PrometheusText.parse(Files.readString(metrics))
                    .of("tms_last_success_timestamp_seconds", ONBOARDING_RUN)).hasSize(1);
        } finally {
            simulator.releaseHeld();
            thread.shutdownNow();
        }
    }

    @Test
    void unusableMetricsSettingsAreUsageErrorsBeforeAnythingStarts() throws Exception {
        Result noDirectory = run(login(), Samples.ONBOARDING, "--metrics-file", dir.resolve("nope/tms.prom").toString());
        Result withPassword = run(login("tms:", "  metrics:", "    pushgateway-url: http://user:secret@127.0.0.1:9091"),
                Samples.ONBOARDING);
        Result badInterval = run(login("tms:", "  metrics:", "    interval: often"), Samples.ONBOARDING);

        assertThat(noDirectory.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDirectory.err()).contains("--metrics-file", "its directory does not exist");
        assertThat(withPassword.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withPassword.err()).contains("tms.metrics.pushgateway-url must not hold a user or password")
                .doesNotContain("secret");
        assertThat(badInterval.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badInterval.err()).contains("Invalid setting tms.metrics.interval = often");
        assertThat(simulator.totalCalls()).isZero();
    }
}
