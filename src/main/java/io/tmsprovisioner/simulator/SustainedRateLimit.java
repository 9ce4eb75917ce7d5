package io.tmsprovisioner.simulator;

import java.util.function.LongSupplier;

/**
 * A tenant's sustained rate limit, as a token bucket: {@code perSecond} requests a second on average,
 * with bursts of up to {@code burst}. A request that finds the bucket empty is answered 429 with the
 * whole seconds until the next token as {@code Retry-After} (at least 1, as HTTP only has whole seconds).
 * Off while the rate is 0. See {@code docs/tapis-api.md}, "Rate limits: 429 and Retry-After".
 */
final class SustainedRateLimit {
    private final LongSupplier nanoTime;
    private double perSecond;
    private double burst;
    private double tokens;
    private long refilledAt;

    SustainedRateLimit(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void set(double perSecond, int burst) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond) || burst < 0 || perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a rate >= 0 and, when on, a burst >= 1; got "
                    + perSecond + "/s, burst " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** @return 0 when the request is admitted; else the {@code Retry-After} seconds to answer it with */
    synchronized int admit() {
        if (perSecond == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
    }
}
