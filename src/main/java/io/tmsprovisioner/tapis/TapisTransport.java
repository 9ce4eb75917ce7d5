package io.tmsprovisioner.tapis;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one request on the wire and reads the whole answer. Every Tapis request, token requests
 * included, goes through {@link #send}: it waits for the shared {@link RateLimiter}, counts the
 * request, times it, and turns lost and transient answers into {@link TapisUnavailableException}.
 */
final class TapisTransport {
    private static final Logger log = LoggerFactory.getLogger(TapisTransport.class);

    private final OkHttpClient http;
    private final RateLimiter limiter;
    private final Clock clock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile CallObserver observer = CallObserver.NONE;

    TapisTransport(OkHttpClient http, RateLimiter limiter, Clock clock) {
        this.http = RetryAfterShield.installedIn(http);
        this.limiter = limiter;
        this.clock = clock;
    }

    /**
     * @return Tapis's answer: a success, a refusal or a 401, never a transient failure
     * @throws TapisUnavailableException when no complete answer arrived, or the answer is a transient
     *         failure for this kind of call (see {@link TapisAnswer#unavailable}); the message names
     *         method and path only (no query, no headers), so it cannot carry a secret
     */
    TapisAnswer send(Request request, CallKind kind) {
        String call = request.method() + " " + request.url().encodedPath();
        limiter.acquire();
        sent.increment();
        long start = System.nanoTime();
        TapisAnswer answer;
        int status = 0;
        try (Response response = http.newCall(request).execute()) {
            status = response.code();
            answer = TapisAnswer.of(response.code(), response.body().string(), response.header(RetryAfterShield.HEADER), clock.instant());
            log.debug("{} -> {} in {} ms", call, response.code(), millisSince(start));
        } catch (IOException e) {
            log.debug("{} -> no answer after {} ms ({})", call, millisSince(start), e.toString());
            // A login changes nothing anyone depends on; any other call may have been carried out before the answer was lost.
            throw new TapisUnavailableException("No answer from Tapis to " + call + ": " + e, e, 0,
                    kind != CallKind.LOGIN, null);
        } finally {
            waitedNanos.add(System.nanoTime() - start);
            observer.answered(TapisEndpoint.of(request), status, System.nanoTime() - start);
        }
        TapisUnavailableException unavailable = answer.unavailable(call, kind);
        if (unavailable != null) {
            throw unavailable;
        }
        return answer;
    }

    void observe(CallObserver observer) {
        this.observer = observer;
    }

    /** Requests sent so far (each attempt, answered or not). */
    long sent() {
        return sent.sum();
    }

    /** Time spent on requests so far, from sending to the answer's last byte or its loss, summed over all threads. */
    long waitedNanos() {
        return waitedNanos.sum();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
