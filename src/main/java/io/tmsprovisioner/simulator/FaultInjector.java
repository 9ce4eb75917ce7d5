package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Decides, per request, whether to misbehave. Exactly one random number is drawn per request,
 * whatever the settings, so with a given seed the n-th request always gets the same draw: a sequential
 * client sees the same faults on every run, and a concurrent one the same number of each fault.
 */
final class FaultInjector {

    /** A fault to apply to one request; {@code retryAfterSeconds} matters only for TOO_MANY_REQUESTS. */
    record Decision(Fault fault, int retryAfterSeconds) {
    }

    /** From the nth call of the endpoint since the rule was set, apply the fault. */
    private static final class Rule {
        final Endpoint endpoint;
        final int nth;
        final Fault fault;
        int calls;

        Rule(Endpoint endpoint, int nth, Fault fault) {
            this.endpoint = endpoint;
            this.nth = nth;
            this.fault = fault;
        }
    }

    private final Random random;
    private Duration latency = Duration.ZERO;
    private double dropRate;
    private double serverErrorRate;
    private double tooManyRequestsRate;
    private int retryAfterSeconds = 1;
    private boolean outage;
    private final List<Rule> rules = new ArrayList<>();

    FaultInjector(long seed) {
        random = new Random(seed);
    }

    /** The fault for the next request to {@code endpoint}, or null to answer normally. */
    synchronized Decision decide(Endpoint endpoint) {
        double draw = random.nextDouble();
        Fault ruled = null;
        for (Rule rule : rules) {
            if (rule.endpoint == endpoint && ++rule.calls >= rule.nth && ruled == null) {
                ruled = rule.fault;
            }
        }
        if (outage) {
            return new Decision(Fault.SERVER_ERROR, 0);
        }
        if (ruled != null) {
            return new Decision(ruled, retryAfterSeconds);
        }
        if (draw < dropRate) {
            return new Decision(Fault.DROP, 0);
        }
        if (draw < dropRate + serverErrorRate) {
            return new Decision(Fault.SERVER_ERROR, 0);
        }
        if (draw < dropRate + serverErrorRate + tooManyRequestsRate) {
            return new Decision(Fault.TOO_MANY_REQUESTS, retryAfterSeconds);
        }
        return null;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized void setLatency(Duration perCall) {
        if (perCall.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + perCall);
        }
        latency = perCall;
    }

    synchronized void setDropRate(double p) {
        dropRate = probability(p);
    }

    synchronized void setServerErrorRate(double p) {
        serverErrorRate = probability(p);
    }

    synchronized void setTooManyRequests(double p, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative: " + retryAfterSeconds);
        }
        tooManyRequestsRate = probability(p);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    synchronized void setOutage(boolean on) {
        outage = on;
    }

    synchronized void failFrom(Endpoint endpoint, int nth, Fault fault) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth is 1-based, got " + nth);
        }
        rules.add(new Rule(Objects.requireNonNull(endpoint, "endpoint"), nth, Objects.requireNonNull(fault, "fault")));
    }

    /** Back to a well-behaved service; latency is not a fault and stays. */
    synchronized void clear() {
        dropRate = 0;
        serverErrorRate = 0;
        tooManyRequestsRate = 0;
        retryAfterSeconds = 1;
        outage = false;
        rules.clear();
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be within [0, 1], got " + p);
        }
        return p;
    }
}
