package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Duration;

import okhttp3.OkHttpClient;

/**
 * The clients the tests of this package talk to MockWebServer with: {@link MockTapis#http()}, no rate
 * limit, the default rate-limit patience and the system clock, but for the one part a test gives.
 */
final class TestClients {
    private static final Duration PATIENCE = ClientSettings.defaults().rateLimitPatience();

    private TestClients() {
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials) {
        return client(baseUrl, credentials, MockTapis.http());
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, OkHttpClient http) {
        return new TapisClient(baseUrl, credentials, http, RateLimiter.unlimited(), PATIENCE, Clock.systemUTC());
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, Clock clock) {
        return new TapisClient(baseUrl, credentials, MockTapis.http(), RateLimiter.unlimited(), PATIENCE, clock);
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, RateLimiter limiter) {
        return client(baseUrl, credentials, limiter, PATIENCE);
    }

    static TapisClient client(String baseUrl, TapisCredentials credentials, RateLimiter limiter,
                              Duration rateLimitPatience) {
        return new TapisClient(baseUrl, credentials, MockTapis.http(), limiter, rateLimitPatience, Clock.systemUTC());
    }
}
