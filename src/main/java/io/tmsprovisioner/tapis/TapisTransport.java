package io.tmsprovisioner.tapis;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one request on the wire and reads the whole answer. Every Tapis request goes through
 * {@link #send}, so a retry layer can wrap exactly this.
 */
final class TapisTransport {
    private static final Logger log = LoggerFactory.getLogger(TapisTransport.class);

    private final OkHttpClient http;

    TapisTransport(OkHttpClient http) {
        this.http = http;
    }

    /**
     * @throws TapisUnavailableException when no complete answer arrived; the message names method
     *         and path only (no query, no headers), so it cannot carry a secret
     */
    TapisAnswer send(Request request) {
        String call = request.method() + " " + request.url().encodedPath();
        long start = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            TapisAnswer answer = TapisAnswer.of(response.code(), response.body().string());
            log.debug("{} -> {} in {} ms", call, response.code(), millisSince(start));
            return answer;
        } catch (IOException e) {
            log.debug("{} -> no answer after {} ms ({})", call, millisSince(start), e.toString());
            throw new TapisUnavailableException("No answer from Tapis to " + call + ": " + e, e);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
