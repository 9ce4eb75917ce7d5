package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * {@link TapisSystems} over HTTP, as described in this repository's {@code docs/tapis-api.md} ("Calls at
 * a glance", then one section per call, each answer and what the tool does with it). Safe for many threads:
 * the shared mutable state is the token (guarded by {@link TokenManager}), the {@link RateLimiter}
 * and the call counter, all shared with the views a run sends through ({@link #guarded}).
 *
 * <p>Repeats by itself only calls that Tapis said it did not serve: once after the gateway refused our
 * own token, and after a 429, once the wait it asked for has passed; and, once, on a new connection, a
 * call that met a pooled connection the server had closed, if the request was not sent whole or is a read
 * (see {@link TapisTransport}); so even a create cannot take effect twice. Other transient failures are
 * thrown as {@link TapisUnavailableException} for a layer above to retry.
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
    private final TapisCredentials credentials;
    /** What each of this client's sends waits and asks by: {@link SendGuard#NONE} but in a run's view. */
    private final SendGuard guard;

    /**
     * With its own HTTP client and rate limiter, both built from {@code settings}.
     *
     * @param baseUrl the tenant's base URL, e.g. {@code https://designsafe.tapis.io}
     * @throws IllegalArgumentException when the URL is not an http(s) URL
     */
    public TapisClient(String baseUrl, TapisCredentials credentials, ClientSettings settings) {
        this(baseUrl, credentials, Objects.requireNonNull(settings, "settings").httpClient(), settings, Clock.systemUTC());
    }

    private TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient reads, ClientSettings settings,
                        Clock clock) {
        this(baseUrl, credentials, reads, settings.writesClient(reads), settings.rateLimiter(),
                settings.rateLimitPatience(), clock);
    }

    /**
     * With every part given: tests put their own HTTP client, limiter or clock here.
     *
     * @param reads  a client built by {@link ClientSettings#httpClient()}, or one with the same safety settings
     * @param writes the same for creates and removes, with their longer timeouts ({@link ClientSettings#writesClient})
     * @throws IllegalArgumentException when the URL is not an http(s) URL or a client retries or follows redirects
     */
    TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient reads, OkHttpClient writes,
                RateLimiter limiter, Duration rateLimitPatience, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.baseUrl = parseBaseUrl(baseUrl);
        this.transport = new TapisTransport(requireSafe(reads), requireSafe(writes),
                Objects.requireNonNull(limiter, "limiter"), rateLimitPatience, clock);
        this.tokens = new TokenManager(credentials, new TokenRequests(this.baseUrl, transport, clock), clock);
        this.guard = SendGuard.NONE;
    }

    /** A view of {@code client} for a run: the same connections, token, rate limit and counts. */
    private TapisClient(TapisClient client, SendGuard guard) {
        this.credentials = client.credentials;
        this.baseUrl = client.baseUrl;
        this.transport = client.transport;
        this.tokens = client.tokens;
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** Whom Tapis knows this client's caller as (see {@link TapisCredentials#login}); never a secret. */
    public Optional<String> login() {
        return credentials.login();
    }

    /** Tells {@code observer} of every request from now on (one observer at a time). */
    public void observe(CallObserver observer) {
        transport.observe(observer);
    }

    @Override
    public TapisSystems guarded(SendGuard guard) {
        return new TapisClient(this, guard);
    }

    /** Requests put on the wire so far by all threads, token requests and repeats included, answered or not. */
    public long callsSent() {
        return transport.sent();
    }

    /**
     * Logs in now, when the credentials are a username and password, so that a refused login is found
     * before any work starts; a ready token is taken as it is, until Tapis refuses it.
     *
     * @throws TapisAuthenticationException when Tapis refuses the login
     * @throws TapisUnavailableException    when the login got no answer or a transient failure
     */
    public void signIn() {
        tokens.current(guard);
    }

    /** Time spent waiting for Tapis's answers so far, summed over all threads and requests. */
    public Duration timeWaited() {
        return Duration.ofNanos(transport.waitedNanos());
    }

    @Override
    public CredentialCheck checkCredential(String systemId, String username) {
        return call(new Request.Builder()
                .url(credentialUrl(systemId, username).addPathSegment("check").build())
                .post(RequestBody.EMPTY), TapisEndpoint.CHECK_CREDENTIAL).credentialCheck();
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("v3/systems")
                .addPathSegment(segment("systemId", systemId))
                .addEncodedQueryParameter("select", "id,defaultAuthnMethod,enabled,isDynamicEffectiveUser,systemType,host")
                .build();
        TapisAnswer answer = call(new Request.Builder().url(url).get(), TapisEndpoint.GET_SYSTEM).requireSuccess();
        String id = answer.resultText("id");
        String authnMethod = answer.resultText("defaultAuthnMethod");
        if (id == null || authnMethod == null) {
            throw new TapisRefusalException(answer.status(), null,
                    "getSystem answer has no result.id and result.defaultAuthnMethod: " + answer.excerpt());
        }
        return new SystemInfo(id, authnMethod, answer.resultFlag("isDynamicEffectiveUser"),
                answer.resultText("systemType"), answer.resultText("host"));
    }

    @Override
    public Set<String> systemsWithCredentials(String username) {
        // limit=-1: one page, however many systems (the default is 100; Tapis has no upper bound). hasCredentials
        // is selected too: a Systems that does not know the filter ignores it and lists every system the user
        // can see, and only the items' own hasCredentials tells the two apart.
        HttpUrl url = baseUrl.newBuilder().addPathSegments("v3/systems")
                .addQueryParameter("listType", "ALL")
                .addQueryParameter("hasCredentials", "true")
                .addQueryParameter("impersonationId", segment("username", username))
                .addEncodedQueryParameter("select", "id,hasCredentials")
                .addQueryParameter("limit", "-1")
                .build();
        TapisAnswer answer = call(new Request.Builder().url(url).get(), TapisEndpoint.LIST_SYSTEMS).requireSuccess();
        List<JsonNode> items = answer.resultItems();
        if (items == null) {
            throw unusableListing(answer, "its result is not a list");
        }
        Set<String> ids = new TreeSet<>();
        for (JsonNode item : items) {
            JsonNode id = item.get("id");
            JsonNode has = item.get("hasCredentials");
            if (id == null || !id.isString()) {
                throw unusableListing(answer, "an item has no id");
            }
            boolean confirmed = has != null && (has.isBoolean() ? has.booleanValue()
                    : has.isString() && has.stringValue().equals("true"));
            if (!confirmed) {
                throw unusableListing(answer, "system '" + PrintableText.of(id.stringValue())
                        + "' is listed without hasCredentials true, so this Systems did not filter on credentials");
            }
            ids.add(id.stringValue());
        }
        return ids;
    }

    private static TapisRefusalException unusableListing(TapisAnswer answer, String why) {
        return new TapisRefusalException(answer.status(), null, "the systems listing cannot tell which systems hold "
                + "a credential: " + why + ": " + answer.excerpt());
    }

    @Override
    public void createTmsKeys(String systemId, String username) {
        // skipCredentialCheck: no SSH inside the create, so what TMS minted is stored even when the host cannot
        // be reached; without it a failed verification stores nothing and the minted pair is lost to us
        call(new Request.Builder()
                .url(credentialUrl(systemId, username).addQueryParameter("createTmsKeys", "true")
                        .addQueryParameter("skipCredentialCheck", "true").build())
                .post(EMPTY_JSON_OBJECT), TapisEndpoint.CREATE_CREDENTIAL).requireSuccess();
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call(new Request.Builder().url(credentialUrl(systemId, username).build()).delete(), TapisEndpoint.REMOVE_CREDENTIAL).requireSuccess();
    }

    @Override
    public String toString() {
        return "TapisClient[" + baseUrl + "]";
    }

    /**
     * Sends with the current token. After the gateway refused the token (a {@code TAPIS_SECURITY_*} 401) or
     * said it is revoked (nginx's 500), renews it, or takes another thread's renewal, and repeats once: the
     * gateway answered before any service saw the call.
     */
    private TapisAnswer call(Request.Builder request, TapisEndpoint endpoint) {
        Request unsigned = request.build();
        AccessToken token = tokens.current(guard);
        TapisAnswer answer = transport.send(signed(unsigned, token), endpoint, guard);
        String refused = tokenRefusal(answer);
        if (refused == null) {
            return answer;
        }
        TapisAnswer repeat = transport.send(signed(unsigned, tokens.renewAfterRejection(token, refused, guard)),
                endpoint, guard);
        if (repeat.isTokenRevoked()) {
            // The site router also says "revoked" when its own store fails: a new token refused the same way
            // means the gateway cannot tell now, not that our account is barred.
            throw new TapisOutageException("Tapis's gateway answered \"Token is revoked.\" to a newly issued access "
                    + "token too: its revocation check is failing (" + repeat.describe(unsigned.method() + " "
                    + unsigned.url().encodedPath(), endpoint.kind()) + ")", null);
        }
        if (repeat.isTokenRejected()) {
            throw tokens.rejectedAfterRenewal(tokenRefusal(repeat));
        }
        return repeat;
    }

    /** How the gateway refused our token, for messages; null when it did not. */
    private static String tokenRefusal(TapisAnswer answer) {
        if (answer.isTokenRevoked()) {
            return "HTTP 500 Token is revoked.";
        }
        if (answer.isTokenRejected()) {
            return answer.securityCode() != null ? answer.securityCode() : "HTTP 401 without a TAPIS_SECURITY_ code";
        }
        return null;
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
                    + " (retryOnConnectionFailure) and without redirects; build it with ClientSettings.httpClient()");
        }
        return http;
    }
}
