package io.tmsprovisioner.tapis;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Keeps OkHttp from acting on {@code Retry-After} itself. Its follow-up logic repeats a request at
 * once after a 503 with {@code Retry-After: 0}, whatever {@code retryOnConnectionFailure} says: a
 * create sent twice, past the rate limiter and the call counter. And it fails with a
 * {@code NumberFormatException} on a 503 whose {@code Retry-After} is a number too large for an int.
 * This network interceptor moves the header to {@link #HEADER} before OkHttp's follow-up logic sees
 * the answer; {@link TapisTransport} reads it from there.
 */
final class RetryAfterShield implements Interceptor {
    static final RetryAfterShield INSTANCE = new RetryAfterShield();
    static final String HEADER = "X-TmsProvisioner-Retry-After";
    private static final String RETRY_AFTER = "Retry-After";

    private RetryAfterShield() {
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header(RETRY_AFTER);
        if (retryAfter == null) {
            return response;
        }
        return response.newBuilder().removeHeader(RETRY_AFTER).header(HEADER, retryAfter).build();
    }

    /** {@code http} itself when it already carries the shield; else a client sharing its pool and dispatcher, with the shield. */
    static OkHttpClient installedIn(OkHttpClient http) {
        return http.networkInterceptors().contains(INSTANCE) ? http
                : http.newBuilder().addNetworkInterceptor(INSTANCE).build();
    }

    @Override
    public String toString() {
        return "RetryAfterShield";
    }
}
