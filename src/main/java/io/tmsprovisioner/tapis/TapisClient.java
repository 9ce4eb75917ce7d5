package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link TapisSystems} over HTTP, as described in this repository's {@code docs/tapis-api.md} ("Calls at
 * a glance", then one section per call, each answer and what the tool does with it). Safe for many threads:
 * the shared mutable state is the token (guarded by {@link TokenManager}), the {@link RateLimiter}
 * and the call counter.
 *
 * <p>Repeats by itself only calls that Tapis said it did not serve: once after the gateway refused our
 * own token, and after a 429, once the wait it asked for has passed (see {@link TapisTransport}); so
 * even a create cannot take effect twice. Other transient failures are thrown as
 * {@link TapisUnavailableException} for a layer above to retry.
 *
 * <p>Every request put on the wire, token requests included, first takes a permit from the rate
 * limiter and is counted in {@link #callsSent()}.
 */
public final class TapisClient implements TapisSystems {
    private static final String TOKEN_HEADER = "X-Tapis-Token";
    private static final RequestBody EMPTY_JSON_OBJECT = RequestBody.create("{}", MediaType.get("application/json"));

    private final HttpUrl baseUrl;
    private final TapisTransport transport;
    private final TokenManager tokens;

    /**
     * How the client talks to Tapis.
     *
     * @param connectTimeout       to open a connection
     * @param readTimeout          between bytes of the answer (also used for writing the request)
     * @param callTimeout          for a whole request, connection to last byte
     * @param maxConnections       connections kept open for reuse, and OkHttp's dispatcher limits; at least 1
     * @param maxRequestsPerSecond ceiling on requests of all threads together; zero or less means no ceiling
     * @param rateLimitPatience    how long one call may be held back by 429s before the run stops as an outage
     */
    public record Settings(Duration connectTimeout, Duration readTimeout, Duration callTimeout, int maxConnections,
            double maxRequestsPerSecond, Duration rateLimitPatience) {

        public static final Duration DEFAULT_RATE_LIMIT_PATIENCE = Duration.ofMinutes(10);

        public Settings {
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("readTimeout", readTimeout);
            requirePositive("callTimeout", callTimeout);
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

        /** 10 s to connect, 60 s to read, 120 s per call, 16 connections, no rate limit, 10 minutes of 429s per call. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120), 16, 0,
                    DEFAULT_RATE_LIMIT_PATIENCE);
        }

        /** A limiter for these settings; each call makes a new one, so build it once and share it. */
        public RateLimiter rateLimiter() {
            return maxRequestsPerSecond > 0 ? RateLimiter.perSecond(maxRequestsPerSecond) : RateLimiter.unlimited();
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
            }
        }
    }

    /**
     * With its own HTTP client and rate limiter, both built from {@code settings}.
     *
     * @param baseUrl the tenant's base URL, e.g. {@code https://designsafe.tapis.io}
     * @throws IllegalArgumentException when the URL is not an http(s) URL
     */
    public TapisClient(String baseUrl, TapisCredentials credentials, Settings settings) {
        this(baseUrl, credentials, httpClient(Objects.requireNonNull(settings, "settings")), settings.rateLimiter(),
                settings.rateLimitPatience(), Clock.systemUTC());
    }

    /**
     * Without a rate limit.
     *
     * @param baseUrl     the tenant's base URL, e.g. {@code https://designsafe.tapis.io}
     * @param http        a client built by {@link #httpClient}, or one with the same safety settings
     * @throws IllegalArgumentException when the URL is not an http(s) URL or {@code http} retries or follows redirects
     */
    public TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http) {
        this(baseUrl, credentials, http, RateLimiter.unlimited());
    }

    /**
     * With a rate limiter that may be shared with other clients.
     *
     * @throws IllegalArgumentException when the URL is not an http(s) URL or {@code http} retries or follows redirects
     */
    public TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http, RateLimiter limiter) {
        this(baseUrl, credentials, http, limiter, Settings.DEFAULT_RATE_LIMIT_PATIENCE, Clock.systemUTC());
    }

    /** With a clock, for tests of renewal ahead of expiry. */
    TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http, Clock clock) {
        this(baseUrl, credentials, http, RateLimiter.unlimited(), Settings.DEFAULT_RATE_LIMIT_PATIENCE, clock);
    }

    TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http, RateLimiter limiter,
                Duration rateLimitPatience, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        this.baseUrl = parseBaseUrl(baseUrl);
        this.transport = new TapisTransport(requireSafe(http), Objects.requireNonNull(limiter, "limiter"),
                rateLimitPatience, clock);
        this.tokens = new TokenManager(credentials, new TokenEndpoint(this.baseUrl, transport, clock), clock);
    }

    /**
     * A client for {@link TapisClient}: no automatic repeat after a connection failure (a blindly
     * repeated create mints a second key pair), and no redirects (OkHttp would carry the
     * {@code X-Tapis-Token} header to whatever host a redirect names), and no repeat of a 503 that
     * says {@code Retry-After: 0}. Pool and dispatcher sized as in
     * {@link Settings#defaults()}.
     *
     * @throws IllegalArgumentException when a duration is not positive
     */
    public static OkHttpClient httpClient(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        return httpClient(new Settings(connectTimeout, readTimeout, callTimeout, Settings.defaults().maxConnections(), 0,
                Settings.DEFAULT_RATE_LIMIT_PATIENCE));
    }

    /**
     * As {@link #httpClient(Duration, Duration, Duration)}, with the connection pool keeping up to
     * {@code maxConnections} idle connections for 5 minutes and the dispatcher allowing
     * {@code maxConnections} requests (to one host or in all). The dispatcher bounds asynchronous
     * calls only; {@link TapisClient} calls synchronously, so its concurrency is the caller's thread count.
     */
    public static OkHttpClient httpClient(Settings settings) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(settings.maxConnections());
        dispatcher.setMaxRequestsPerHost(settings.maxConnections());
        return new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .connectionPool(new ConnectionPool(settings.maxConnections(), 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher)
                .addNetworkInterceptor(RetryAfterShield.INSTANCE)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /** Tells {@code observer} of every request from now on (one observer at a time). */
    public void observe(CallObserver observer) {
        transport.observe(observer);
    }

    /** Requests put on the wire so far by all threads, token requests and repeats included, answered or not. */
    public long callsSent() {
        return transport.sent();
    }

    /** Requests Tapis answered 429 so far (each was sent again once the wait had passed). */
    public long callsRateLimited() {
        return transport.rateLimited();
    }

    /**
     * Logs in now, when the credentials are a username and password, so that a refused login is found
     * before any work starts; a ready token is taken as it is, until Tapis refuses it.
     *
     * @throws TapisAuthenticationException when Tapis refuses the login
     * @throws TapisUnavailableException    when the login got no answer or a transient failure
     */
    public void signIn() {
        tokens.current();
    }

    /** Time spent waiting for Tapis's answers so far, summed over all threads and requests. */
    public Duration timeWaited() {
        return Duration.ofNanos(transport.waitedNanos());
    }

    @Override
    public CredentialCheck checkCredential(String systemId, String username) {
        return call(new Request.Builder()
                .url(credentialUrl(systemId, username).addPathSegment("check").build())
                .post(RequestBody.EMPTY), CallKind.READ).credentialCheck();
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("v3/systems")
                .addPathSegment(segment("systemId", systemId))
                .addEncodedQueryParameter("select", "id,defaultAuthnMethod,enabled")
                .build();
        TapisAnswer answer = call(new Request.Builder().url(url).get(), CallKind.READ).requireSuccess();
        String id = answer.resultText("id");
        String authnMethod = answer.resultText("defaultAuthnMethod");
        if (id == null || authnMethod == null) {
            throw new TapisRefusalException(answer.status(), null,
                    "getSystem answer has no result.id and result.defaultAuthnMethod: " + answer.excerpt());
        }
        return new SystemInfo(id, authnMethod);
    }

    @Override
    public CredentialCheck createTmsKeys(String systemId, String username) {
        // A JSON 401 SYSAPI_CRED_VALID_FAIL here means "keys stored, host check failed": the verification's answer
        return call(new Request.Builder()
                .url(credentialUrl(systemId, username).addQueryParameter("createTmsKeys", "true").build())
                .post(EMPTY_JSON_OBJECT), CallKind.WRITE).credentialCheck();
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call(new Request.Builder().url(credentialUrl(systemId, username).build()).delete(), CallKind.WRITE).requireSuccess();
    }

    @Override
    public String toString() {
        return "TapisClient[" + baseUrl + "]";
    }

    /** Sends with the current token; after a token rejection, renews (or takes another thread's renewal) and repeats once. */
    private TapisAnswer call(Request.Builder request, CallKind kind) {
        Request unsigned = request.build();
        AccessToken token = tokens.current();
        TapisAnswer answer = transport.send(signed(unsigned, token), kind);
        if (!answer.isTokenRejected()) {
            return answer;
        }
        TapisAnswer repeat = transport.send(signed(unsigned, tokens.renewAfterRejection(token, answer.securityCode())), kind);
        if (repeat.isTokenRejected()) {
            throw tokens.rejectedAfterRenewal(repeat.securityCode());
        }
        return repeat;
    }

    /**
     * OkHttp refuses a header value with a character outside printable ASCII and quotes the whole value
     * in its exception: that exception must not travel (a token from a login answer could hold one too).
     *
     * @throws TapisAuthenticationException without a cause, naming the character's position and kind only
     */
    private static Request signed(Request request, AccessToken token) {
        String jwt = token.jwt().reveal();
        try {
            return request.newBuilder().header(TOKEN_HEADER, jwt).build();
        } catch (IllegalArgumentException carriesTheValue) {
            throw new TapisAuthenticationException("The access token cannot be sent in the " + TOKEN_HEADER
                    + " header: it holds " + JwtText.firstInvalidCharacter(jwt).orElse("a character no header can carry")
                    + "; a JWT is only letters, digits, '-', '_' and '.'");
        }
    }

    private HttpUrl.Builder credentialUrl(String systemId, String username) {
        return baseUrl.newBuilder().addPathSegments("v3/systems/credential")
                .addPathSegment(segment("systemId", systemId))
                .addPathSegment("user")
                .addPathSegment(segment("username", username));
    }

    /**
     * A name that is safe as one path segment. OkHttp encodes {@code /}, {@code %}, {@code ?} and
     * the like, but treats a segment of {@code .} or {@code ..} as a move up the path, which would
     * send the call to another endpoint; an empty segment would too.
     */
    private static String segment(String field, String value) {
        if (value == null || value.isBlank() || value.chars().allMatch(c -> c == '.')) {
            throw new IllegalArgumentException(field + " is not a usable Tapis name: "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    private static HttpUrl parseBaseUrl(String baseUrl) {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
        if (url == null) {
            throw new IllegalArgumentException("Tapis base URL is not an http(s) URL: "
                    + (baseUrl == null ? "null" : "'" + baseUrl + "'"));
        }
        return url;
    }

    private static OkHttpClient requireSafe(OkHttpClient http) {
        if (http.retryOnConnectionFailure() || http.followRedirects()) {
            throw new IllegalArgumentException("TapisClient needs an OkHttpClient without automatic retries"
                    + " (retryOnConnectionFailure) and without redirects; build it with TapisClient.httpClient(...)");
        }
        return http;
    }
}
