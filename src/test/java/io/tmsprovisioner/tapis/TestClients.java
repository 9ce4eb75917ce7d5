package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Duration;

import okhttp3.OkHttpClient;

/**
 * The clients the tests of this package talk to MockWebServer with: {@link MockTapis#http()}, no rate
 * limit, the default rate-limit patience and the system clock, but for the one part a test gives; and
 * the default settings with a test's timeouts, for tests of every package.
 */
public final class TestClients {
    private static final Duration PATIENCE = ClientSettings.defaults().rateLimitPatience();

    private TestClients() {
    }

    /** {@link ClientSettings#defaults()} with these timeouts; creates and removes get the call timeout. */
    public static ClientSettings withTimeouts(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        return withTimeouts(connectTimeout, readTimeout, callTimeout, callTimeout);
    }

    /** {@link ClientSettings#defaults()} with these timeouts. */
    public static ClientSettings withTimeouts(Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                                              Duration writeTimeout) {
        ClientSettings defaults = ClientSettings.defaults();
        return new ClientSettings(connectTimeout, readTimeout, callTimeout, writeTimeout, defaults.maxConnections(),
                defaults.maxRequestsPerSecond(), defaults.rateLimitPatience());
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials) {
        return client(baseUrl, credentials, MockTapis.http());
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, OkHttpClient http) {
        return new TapisClient(baseUrl, credentials, http, http, RateLimiter.unlimited(), PATIENCE, Clock.systemUTC());
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, Clock clock) {
        return new TapisClient(baseUrl, credentials, MockTapis.http(), MockTapis.http(), RateLimiter.unlimited(), PATIENCE,
                clock);
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, RateLimiter limiter) {
        return client(baseUrl, credentials, limiter, PATIENCE);
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, RateLimiter limiter,
                              Duration rateLimitPatience) {
        return new TapisClient(baseUrl, credentials, MockTapis.http(), MockTapis.http(), limiter, rateLimitPatience,
                Clock.systemUTC());
    }
}
