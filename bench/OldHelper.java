import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of bench/run.sh and bench/pacing.sh: the seed's per-user helper (establish_tms_credentials) spread
 * over plain threads. For every row: checkUserCredential; on any answer but 200 (the helper's UnauthorizedError),
 * getSystem (no cache: the helper asks again for every user), and on a TMS_KEYS system
 * createUserCredential?createTmsKeys=true, verified as the helper's is (no skipCredentialCheck). Plain OkHttp
 * with the tool's timeouts; no pace, no chunks, no journal, nothing recorded, no retries.
 *
 * <p>Usage: OldHelper BASE_URL USERNAME PASSWORD FILE THREADS; prints "rows R in S s, C calls, F failed".
 */
public class OldHelper {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final String token;
    private final LongAdder calls = new LongAdder();

    private OldHelper(OkHttpClient http, HttpUrl base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        HttpUrl base = HttpUrl.get(args[0]);
        Path file = Path.of(args[3]);
        int threads = Integer.parseInt(args[4]);
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(threads);
        dispatcher.setMaxRequestsPerHost(threads);
        OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60))
                .callTimeout(Duration.ofSeconds(120)).dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(threads, 4, TimeUnit.SECONDS)).build();
        OldHelper helper = new OldHelper(http, base, login(http, base, args[1], args[2]));
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            lines.readLine(); // header
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rows.add(line.split(","));
            }
        }
        LongAdder failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (String[] row : rows) {
            done.add(pool.submit(() -> {
                try {
                    helper.establish(row[1], row[0]);
                } catch (IOException | RuntimeException e) {
                    failed.increment();
                }
            }));
        }
        for (Future<?> row : done) {
            row.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("rows %d in %.3f s, %d calls, %d failed%n", rows.size(), seconds, helper.calls.sum(),
                failed.sum());
    }

    private void establish(String systemId, String username) throws IOException {
        HttpUrl credential = base.newBuilder().addPathSegments("v3/systems/credential").addPathSegment(systemId)
                .addPathSegment("user").addPathSegment(username).build();
        if (send(new Request.Builder().url(credential.newBuilder().addPathSegment("check").build())
                .post(RequestBody.create("", JSON))).status() == 200) {
            return;
        }
        Answer system = send(new Request.Builder().url(base.newBuilder().addPathSegments("v3/systems")
                .addPathSegment(systemId).build()).get());
        if ("TMS_KEYS".equals(system.body().path("result").path("defaultAuthnMethod").asString())) {
            int created = send(new Request.Builder().url(credential.newBuilder()
                    .addQueryParameter("createTmsKeys", "true").build()).post(RequestBody.create("{}", JSON))).status();
            if (created != 201) {
                throw new IOException("create answered " + created);
            }
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(Request.Builder request) throws IOException {
        calls.increment();
        try (Response response = http.newCall(request.header("X-Tapis-Token", token).build()).execute()) {
            return new Answer(response.code(), MAPPER.readTree(response.body().string()));
        }
    }

    private static String login(OkHttpClient http, HttpUrl base, String username, String password)
            throws IOException {
        String body = MAPPER.writeValueAsString(MAPPER.createObjectNode().put("username", username)
                .put("password", password).put("grant_type", "password"));
        Request request = new Request.Builder().url(base.newBuilder().addPathSegments("v3/oauth2/tokens").build())
                .post(RequestBody.create(body, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            return MAPPER.readTree(response.body().string()).path("result").path("access_token").path("access_token")
                    .asString();
        }
    }
}
