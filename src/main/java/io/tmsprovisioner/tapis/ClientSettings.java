package io.tmsprovisioner.tapis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * How a {@link TapisClient} talks to Tapis, and the HTTP client and rate limiter built from that.
 *
 * @param connectTimeout       to open a connection
 * @param readTimeout          between bytes of the answer (also used for writing the request)
 * @param callTimeout          for a whole request, connection to last byte
 * @param writeTimeout         read and write timeout of creates and removes (their call timeout: this and the
 *                             connect timeout), which Tapis runs one at a time, so that they queue inside it; the
 *                             job's RetryPolicy waits as long after a create's answer is lost, before its check
 * @param maxConnections       connections kept open for reuse, and OkHttp's dispatcher limits; at least 1
 * @param maxRequestsPerSecond ceiling on requests of all threads together; zero or less means no ceiling
 * @param rateLimitPatience    how long one call may be held back by 429s before the run stops as an outage
 */
public record ClientSettings(Duration connectTimeout, Duration readTimeout, Duration callTimeout,
        Duration writeTimeout, int maxConnections, double maxRequestsPerSecond, Duration rateLimitPatience) {

    /** Below nginx's {@code keepalive_timeout 5}: a connection idle this long is closed by us, not under a request. */
    static final Duration IDLE_CONNECTION_LIFETIME = Duration.ofSeconds(4);

    public ClientSettings {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        requirePositive("callTimeout", callTimeout);
        requirePositive("writeTimeout", writeTimeout);
        requirePositive("rateLimitPatience", rateLimitPatience);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (!Double.isFinite(maxRequestsPerSecond)
                || maxRequestsPerSecond > 0 && maxRequestsPerSecond < RateLimiter.MIN_PERMITS_PER_SECOND) {
            throw new IllegalArgumentException("maxRequestsPerSecond must be zero or less (no limit) or at least one a day ("
                    + RateLimiter.MIN_PERMITS_PER_SECOND + "), not " + maxRequestsPerSecond);
        }
    }

    /**
     * 10 s to connect, 60 s to read, 120 s per call, 180 s for a create or remove, 16 connections, no rate limit,
     * 10 minutes of 429s per call.
     */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(180), 16, 0, Duration.ofMinutes(10));
    }

    /** A limiter for these settings; each call makes a new one, so build it once and share it. */
    public RateLimiter rateLimiter() {
        return maxRequestsPerSecond > 0 ? RateLimiter.perSecond(maxRequestsPerSecond) : RateLimiter.unlimited();
    }

    /**
     * An HTTP client safe for {@link TapisClient}: no automatic repeat after a connection failure (a blindly
     * repeated create mints a second key pair), no redirects (OkHttp would carry the {@code X-Tapis-Token}
     * header to whatever host a redirect names), and no repeat of a 503 that says {@code Retry-After: 0}
     * ({@link RetryAfterShield}). The connection pool keeps up to {@code maxConnections} idle connections
     * for {@link #IDLE_CONNECTION_LIFETIME}, less than nginx keeps them, and the dispatcher allows {@code maxConnections} requests (to one host or in all). The
     * dispatcher bounds asynchronous calls only; {@link TapisClient} calls synchronously, so its concurrency
     * is the caller's thread count.
     */
    public OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConnections);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        return new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(callTimeout)
                .connectionPool(new ConnectionPool(maxConnections, IDLE_CONNECTION_LIFETIME.toMillis(),
                        TimeUnit.MILLISECONDS))
                .dispatcher(dispatcher)
                .addNetworkInterceptor(RetryAfterShield.INSTANCE)
                .eventListenerFactory(WireProgress.FACTORY)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /** {@code reads} (built by {@link #httpClient()}) with the timeouts of a create or remove; it shares their pool. */
    public OkHttpClient writesClient(OkHttpClient reads) {
        return reads.newBuilder()
                .readTimeout(writeTimeout)
                .writeTimeout(writeTimeout)
                .callTimeout(writeTimeout.plus(connectTimeout))
                .build();
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }
}
