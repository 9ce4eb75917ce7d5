package io.tmsprovisioner.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tests' HTTP client for the simulator: OkHttp, as the provisioner uses. */
final class SimulatorClient {

    static final MediaType JSON = MediaType.get("application/json");

    /** One answer, read completely. */
    record Answer(int status, String contentType, String body, Response response) {
        JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }

        String message() {
            return json().get("message").stringValue();
        }

        /** The first word of the envelope's message, Tapis's stable code. */
        String code() {
            return message().split(" ", 2)[0];
        }

        String header(String name) {
            return response.header(name);
        }
    }

    /**
     * No transparent retries: OkHttp would otherwise resend a request whose connection dropped, and
     * the tests must see exactly what the simulator did.
     */
    private final OkHttpClient http;
    private final String baseUrl;

    SimulatorClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    /** @param callTimeout how long the client waits for a whole call before it gives up */
    SimulatorClient(String baseUrl, Duration callTimeout) {
        this.baseUrl = baseUrl;
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).callTimeout(callTimeout).build();
    }

    HttpUrl.Builder url(String encodedPath) {
        return HttpUrl.get(baseUrl).newBuilder().encodedPath(encodedPath);
    }

    /** {@code /v3/systems/credential/{systemId}/user/{userName}}, each name encoded as one segment. */
    HttpUrl.Builder credentialUrl(String systemId, String username) {
        return HttpUrl.get(baseUrl).newBuilder().addPathSegments("v3/systems/credential")
                .addPathSegment(systemId).addPathSegment("user").addPathSegment(username);
    }

    HttpUrl systemUrl(String systemId) {
        return HttpUrl.get(baseUrl).newBuilder().addPathSegments("v3/systems").addPathSegment(systemId).build();
    }

    Answer login(String username, String password) throws IOException {
        return post(url("/v3/oauth2/tokens").build(), null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"grant_type\":\"password\"}");
    }

    /** A valid access token, or a failed test. */
    String token(String username, String password) {
        try {
            Answer answer = login(username, password);
            if (answer.status() != 200) {
                throw new AssertionError("login failed: " + answer.status() + " " + answer.body());
            }
            return answer.json().at("/result/access_token/access_token").stringValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer getSystem(String systemId, String token) throws IOException {
        return send(new Request.Builder().url(systemUrl(systemId)), token);
    }

    Answer check(String systemId, String username, String token) throws IOException {
        return post(credentialUrl(systemId, username).addPathSegment("check").build(), token, "");
    }

    Answer createTmsKeys(String systemId, String username, String token) throws IOException {
        return post(credentialUrl(systemId, username).addQueryParameter("createTmsKeys", "true").build(), token, "{}");
    }

    /** A create with {@code createTmsKeys=true&skipCredentialCheck=true}: no connection to the host. */
    Answer createTmsKeysUnchecked(String systemId, String username, String token) throws IOException {
        return post(credentialUrl(systemId, username).addQueryParameter("createTmsKeys", "true")
                .addQueryParameter("skipCredentialCheck", "true").build(), token, "{}");
    }

    Answer remove(String systemId, String username, String token) throws IOException {
        return send(new Request.Builder().url(credentialUrl(systemId, username).build()).delete(), token);
    }

    Answer post(HttpUrl url, String token, String jsonBody) throws IOException {
        return send(new Request.Builder().url(url).post(RequestBody.create(jsonBody, JSON)), token);
    }

    Answer send(Request.Builder request, String token) throws IOException {
        if (token != null) {
            request.header("X-Tapis-Token", token);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.header("Content-Type"), response.body().string(), response);
        }
    }
}
