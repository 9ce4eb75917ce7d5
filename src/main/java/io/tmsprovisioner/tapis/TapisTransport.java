package io.tmsprovisioner.tapis;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one request on the wire and reads the whole answer. Every Tapis request, token requests
 * included, goes through {@link #send}: it waits for the shared {@link RateLimiter}, counts the
 * request, times it, waits out rate limits, and turns lost and transient answers into
 * {@link TapisUnavailableException}.
 *
 * <p>A {@code 429} says the call was not served, so it is sent again, however often, once the
 * {@code Retry-After} has passed and the shared pace has slowed down: a rate limit slows a run down,
 * it does not fail rows or use up their retries. A run that waits on 429s for longer than the
 * patience the settings give a call, or that Tapis asks to wait beyond {@link #LONGEST_WAIT} (or in
 * words it cannot read), stops as an outage. See {@code docs/tapis-api.md}, "Rate limits: 429 and
 * Retry-After" and "Transport: bodies, text, redirects, timeouts".
 */
final class TapisTransport {
    private static final Logger log = LoggerFactory.getLogger(TapisTransport.class);
    /** The longest {@code Retry-After} a run waits out; beyond it Tapis is not coming back soon. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(5);
    /** The pause after a 429 that names no {@code Retry-After}. */
    private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    /** The most of an answer's body that is read: 1 MiB. */
    static final long MAX_BODY_BYTES = 1 << 20;

    private final OkHttpClient reads;
    private final OkHttpClient writes;
    private final RateLimiter limiter;
    private final Duration rateLimitPatience;
    private final Clock clock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile CallObserver observer = CallObserver.NONE;

    /**
     * @param reads  for logins and reads
     * @param writes for creates and removes, which Tapis runs one at a time and may take longer to answer
     */
    TapisTransport(OkHttpClient reads, OkHttpClient writes, RateLimiter limiter, Duration rateLimitPatience,
                   Clock clock) {
        this.reads = prepared(reads);
        this.writes = prepared(writes);
        this.limiter = limiter;
        this.rateLimitPatience = rateLimitPatience;
        this.clock = clock;
    }

    /**
     * @param guard asked before each send of a change, and waits for each turn
     * @return Tapis's answer: a success, a refusal or a 401, never a transient failure
     * @throws TapisUnavailableException when no complete answer arrived, or the answer is a transient
     *         failure for this kind of call (see {@link TapisAnswer#unavailable}); the message names
     *         method and path only (no query, no headers), so it cannot carry a secret
     * @throws TapisOutageException when Tapis asks to wait too long, or rate-limited the call for longer
     *         than the patience
     */
    TapisAnswer send(Request request, TapisEndpoint endpoint, SendGuard guard) {
        CallKind kind = endpoint.kind();
        String call = request.method() + " " + request.url().encodedPath();
        long giveUpAt = System.nanoTime() + rateLimitPatience.toNanos();
        boolean mayRepeatOnNewConnection = true;
        while (true) {
            long sentAt = limiter.acquire(guard);
            if (kind == CallKind.WRITE) {
                guard.beforeChange();
            }
            WireProgress progress = new WireProgress();
            TapisAnswer answer;
            try {
                answer = exchange(request, progress, endpoint, call);
            } catch (TapisUnavailableException lost) {
                if (mayRepeatOnNewConnection && metClosedConnection(progress, kind)) {
                    mayRepeatOnNewConnection = false;
                    log.debug("{}: the pooled connection was closed under it ({}); repeating on a new one", call,
                            lost.getMessage());
                    continue;
                }
                throw lost;
            }
            boolean rateLimitedNow = answer.status() == 429;
            TapisUnavailableException unavailable = answer.unavailable(call, kind);
            if (!rateLimitedNow && unavailable == null) {
                return answer;
            }
            if (answer.retryAfter() != null && answer.retryAfter().compareTo(LONGEST_WAIT) > 0) {
                throw outage(answer, call, kind, tooLong(answer.retryAfter()), unavailable);
            }
            if (!rateLimitedNow) {
                throw unavailable;
            }
            Duration wait = rateLimitWait(answer, call, kind);
            limiter.tooManyRequests(sentAt, wait);
            if (System.nanoTime() + wait.toNanos() - giveUpAt > 0) {
                throw outage(answer, call, kind, "Tapis rate-limited a call for more than "
                        + rateLimitPatience.toSeconds() + " s: it lets too few requests through for this run", null);
            }
            log.debug("{} -> 429; waiting {} ms, pace now {}", call, wait.toMillis(), limiter);
        }
    }

    private static Duration rateLimitWait(TapisAnswer answer, String call, CallKind kind) {
        if (answer.retryAfterUnusable()) {
            throw outage(answer, call, kind, "Tapis asks to wait, in a Retry-After header that cannot be read", null);
        }
        return answer.retryAfter() == null ? DEFAULT_RATE_LIMIT_WAIT : answer.retryAfter();
    }

    private static String tooLong(Duration retryAfter) {
        return "Tapis asks to wait " + retryAfter.toSeconds() + " s, longer than a run waits ("
                + LONGEST_WAIT.toMinutes() + " min)";
    }

    private static TapisOutageException outage(TapisAnswer answer, String call, CallKind kind, String why,
                                               Throwable cause) {
        // The job's summary says how to go on; the login's refusal says it for itself.
        return new TapisOutageException(why + " (" + answer.describe(call, kind) + ")", cause);
    }

    /**
     * A failure on a pooled connection the server had closed: a request that was not written whole never
     * reached Tapis, and a read that got no byte of an answer is safe to repeat. Either is sent once more at
     * once, on a new connection, without counting as an attempt.
     */
    private static boolean metClosedConnection(WireProgress progress, CallKind kind) {
        return progress.failedOnPooledConnection() && (progress.notSent() || kind == CallKind.READ);
    }

    private TapisAnswer exchange(Request request, WireProgress progress, TapisEndpoint endpoint, String call) {
        CallKind kind = endpoint.kind();
        sent.increment();
        long start = System.nanoTime();
        int status = 0;
        OkHttpClient http = kind == CallKind.WRITE ? writes : reads;
        try (Response response = http.newCall(request.newBuilder().tag(WireProgress.class, progress).build()).execute()) {
            status = response.code();
            TapisAnswer answer = TapisAnswer.of(response.code(), body(response, call, kind),
                    response.header(RetryAfterShield.HEADER), clock.instant());
            log.debug("{} -> {} in {} ms", call, response.code(), millisSince(start));
            return answer;
        } catch (IOException e) {
            log.debug("{} -> no answer after {} ms ({})", call, millisSince(start), e.toString());
            // A login changes nothing anyone depends on; a request not written whole never reached Tapis; any
            // other may have been carried out, or may still be, by a service that goes on after we gave up.
            boolean notSent = progress.notSent();
            CallEffect effect = notSent ? CallEffect.NOT_SENT
                    : kind == CallKind.LOGIN ? CallEffect.NONE : CallEffect.MAY_STILL_TAKE_EFFECT;
            throw new TapisUnavailableException("No answer from Tapis to " + call + (notSent ? " (not sent): " : ": ")
                    + e, e, 0, effect, null);
        } finally {
            long nanos = System.nanoTime() - start;
            waitedNanos.add(nanos);
            observer.answered(endpoint, status, nanos);
        }
    }

    /**
     * The answer's body, read only up to {@link #MAX_BODY_BYTES} (the rest is never taken off the
     * connection): a Tapis answer is a few kilobytes, and a huge one must not exhaust the heap.
     *
     * @throws TapisUnavailableException when the body is longer: unusable, as if the answer had been lost
     */
    private static String body(Response response, String call, CallKind kind) throws IOException {
        ResponseBody start = response.peekBody(MAX_BODY_BYTES + 1);
        if (start.contentLength() > MAX_BODY_BYTES) {
            throw new TapisUnavailableException("Tapis's answer to " + call + " (HTTP " + response.code()
                    + ") is larger than 1 MiB; it was not read", null, response.code(),
                    kind == CallKind.LOGIN ? CallEffect.NONE : CallEffect.MAY_HAVE_TAKEN_EFFECT, null);
        }
        return start.string();
    }

    /** With the {@link RetryAfterShield} and {@link WireProgress} every request needs. */
    private static OkHttpClient prepared(OkHttpClient http) {
        return WireProgress.installedIn(RetryAfterShield.installedIn(http));
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
