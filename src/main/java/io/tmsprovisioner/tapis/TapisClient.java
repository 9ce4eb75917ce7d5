package io.tmsprovisioner.tapis;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link TapisSystems} over HTTP, as described in {@code docs/tapis-api.md}. Safe for many threads:
 * the only shared mutable state is the token, guarded by {@link TokenManager}.
 *
 * <p>Never retries by itself, except repeating a call once after the gateway refused our own token:
 * such a call never reached the service, so even a create cannot take effect twice.
 */
public final class TapisClient implements TapisSystems {
    private static final String TOKEN_HEADER = "X-Tapis-Token";
    private static final RequestBody EMPTY_JSON_OBJECT = RequestBody.create("{}", MediaType.get("application/json"));

    private final HttpUrl baseUrl;
    private final TapisTransport transport;
    private final TokenManager tokens;

    /**
     * @param baseUrl     the tenant's base URL, e.g. {@code https://designsafe.tapis.io}
     * @param http        a client built by {@link #httpClient}, or one with the same safety settings
     * @throws IllegalArgumentException when the URL is not an http(s) URL or {@code http} retries or follows redirects
     */
    public TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http) {
        this(baseUrl, credentials, http, Clock.systemUTC());
    }

    /** With a clock, for tests of renewal ahead of expiry. */
    TapisClient(String baseUrl, TapisCredentials credentials, OkHttpClient http, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        this.baseUrl = parseBaseUrl(baseUrl);
        this.transport = new TapisTransport(requireSafe(http));
        this.tokens = new TokenManager(credentials, new TokenEndpoint(this.baseUrl, transport, clock), clock);
    }

    /**
     * A client for {@link TapisClient}: no automatic repeat after a connection failure (a blindly
     * repeated create mints a second key pair), and no redirects (OkHttp would carry the
     * {@code X-Tapis-Token} header to whatever host a redirect names).
     */
    public static OkHttpClient httpClient(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(callTimeout)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    @Override
    public boolean hasCredential(String systemId, String username) {
        TapisAnswer answer = call(new Request.Builder()
                .url(credentialUrl(systemId, username).addPathSegment("check").build())
                .post(RequestBody.EMPTY));
        if (answer.isSuccess()) {
            return true;
        }
        if (answer.isCredentialInvalid()) {
            return false;
        }
        throw answer.refusal();
    }

    @Override
    public SystemInfo getSystem(String systemId) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("v3/systems")
                .addPathSegment(segment("systemId", systemId))
                .addEncodedQueryParameter("select", "id,defaultAuthnMethod,enabled")
                .build();
        TapisAnswer answer = call(new Request.Builder().url(url).get()).requireSuccess();
        String id = answer.resultText("id");
        String authnMethod = answer.resultText("defaultAuthnMethod");
        if (id == null || authnMethod == null) {
            throw new TapisRefusalException(answer.status(), null,
                    "getSystem answer has no result.id and result.defaultAuthnMethod: " + answer.excerpt());
        }
        return new SystemInfo(id, authnMethod);
    }

    @Override
    public void createTmsKeys(String systemId, String username) {
        // A JSON 401 SYSAPI_CRED_VALID_FAIL here means "keys stored, host check failed": a refusal like any other.
        call(new Request.Builder()
                .url(credentialUrl(systemId, username).addQueryParameter("createTmsKeys", "true").build())
                .post(EMPTY_JSON_OBJECT)).requireSuccess();
    }

    @Override
    public void removeCredential(String systemId, String username) {
        call(new Request.Builder().url(credentialUrl(systemId, username).build()).delete()).requireSuccess();
    }

    @Override
    public String toString() {
        return "TapisClient[" + baseUrl + "]";
    }

    /** Sends with the current token; after a token rejection, renews (or takes another thread's renewal) and repeats once. */
    private TapisAnswer call(Request.Builder request) {
        Request unsigned = request.build();
        AccessToken token = tokens.current();
        TapisAnswer answer = transport.send(signed(unsigned, token));
        if (!answer.isTokenRejected()) {
            return answer;
        }
        TapisAnswer repeat = transport.send(signed(unsigned, tokens.renewAfterRejection(token, answer.securityCode())));
        if (repeat.isTokenRejected()) {
            throw tokens.rejectedAfterRenewal(repeat.securityCode());
        }
        return repeat;
    }

    private static Request signed(Request request, AccessToken token) {
        return request.newBuilder().header(TOKEN_HEADER, token.jwt().reveal()).build();
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
