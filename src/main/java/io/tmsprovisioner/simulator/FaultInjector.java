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
 * client sees the same faults on every run, and a concurrent one the same number of each fault. The order
 * of the decision and what each fault answers are in {@code docs/tapis-api.md}, "The simulator" and
 * "Transient failures and lost answers".
 */
final class FaultInjector {

    /** A fault to apply to one request; {@code retryAfterSeconds} matters only for TOO_MANY_REQUESTS. */
    record Decision(Fault fault, int retryAfterSeconds) {
    }

    /** The server errors a real deployment answers, each equally likely when a random 5xx is drawn (see Fault). */
    private static final Fault[] SERVER_ERRORS = {Fault.INTERNAL_ERROR, Fault.INTERNAL_ERROR_AFTER_EFFECT,
            Fault.BAD_GATEWAY, Fault.SERVER_ERROR, Fault.GATEWAY_TIMEOUT_AFTER_EFFECT};

    /** From the nth call of the endpoint since the rule was set, apply the fault, {@code times} times at most. */
    private static final class Rule {
        final Endpoint endpoint;
        final int nth;
        final Fault fault;
        final int times;
        int calls;

        Rule(Endpoint endpoint, int nth, Fault fault, int times) {
            this.endpoint = endpoint;
            this.nth = nth;
            this.fault = fault;
            this.times = times;
        }

        boolean applies() {
            calls++;
            return calls >= nth && calls - nth < times;
        }
    }

    private final Random random;
    /** Apart from {@link #random}: the answer times must not shift which request gets which fault. */
    private final Random latencies;
    private final SustainedRateLimit rateLimit;
    private Duration latency = Duration.ZERO;
    private double latencySigma;
    private double createLatencyFactor = 1;
    private double dropRate;
    private double serverErrorRate;
    private double lostAnswerRate;
    private double tooManyRequestsRate;
    private int retryAfterSeconds = 1;
    private boolean outage;
    private final List<Rule> rules = new ArrayList<>();

    FaultInjector(long seed, SustainedRateLimit rateLimit) {
        random = new Random(seed);
        latencies = new Random(seed + 1);
        this.rateLimit = rateLimit;
    }

    /** The fault for the next request to {@code endpoint}, or null to answer normally. */
    synchronized Decision decide(Endpoint endpoint) {
        double draw = random.nextDouble();
        Fault ruled = null;
        for (Rule rule : rules) {
            if (rule.endpoint == endpoint && rule.applies() && ruled == null) {
                ruled = rule.fault;
            }
        }
        if (outage) {
            return new Decision(Fault.SERVER_ERROR, 0);
        }
        if (ruled != null) {
            return new Decision(ruled, retryAfterSeconds);
        }
        int wait = rateLimit.admit();
        if (wait > 0) {
            return new Decision(Fault.TOO_MANY_REQUESTS, wait);
        }
        if (draw < dropRate) {
            return new Decision(Fault.DROP, 0);
        }
        draw -= dropRate;
        if (draw < serverErrorRate) {
            return new Decision(SERVER_ERRORS[(int) (draw / serverErrorRate * SERVER_ERRORS.length)], 0);
        }
        draw -= serverErrorRate;
        if (draw < lostAnswerRate) {
            return endpoint.mutates() ? new Decision(Fault.LOSE_ANSWER, 0) : null;
        }
        draw -= lostAnswerRate;
        if (draw < tooManyRequestsRate) {
            return new Decision(Fault.TOO_MANY_REQUESTS, retryAfterSeconds);
        }
        return null;
    }

    /**
     * How long the next answer of this endpoint takes: the latency itself, or with a spread, a lognormal
     * draw whose median it is (the long tail of SSH handshakes); a create takes the factor longer.
     */
    synchronized Duration latency(Endpoint endpoint) {
        if (latency.isZero()) {
            return latency;
        }
        double factor = (endpoint == Endpoint.CREATE_CREDENTIAL ? createLatencyFactor : 1)
                * (latencySigma == 0 ? 1 : Math.exp(latencySigma * latencies.nextGaussian()));
        return Duration.ofNanos((long) (latency.toNanos() * factor));
    }

    synchronized void setLatency(Duration perCall) {
        if (perCall.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + perCall);
        }
        latency = perCall;
    }

    synchronized void setLatencySpread(double sigma, double createFactor) {
        if (!(sigma >= 0) || Double.isInfinite(sigma) || !(createFactor > 0) || Double.isInfinite(createFactor)) {
            throw new IllegalArgumentException("the latency spread needs sigma >= 0 and a create factor > 0, not "
                    + sigma + " and " + createFactor);
        }
        latencySigma = sigma;
        createLatencyFactor = createFactor;
    }

    synchronized void setDropRate(double p) {
        dropRate = probability(p);
    }

    synchronized void setServerErrorRate(double p) {
        serverErrorRate = probability(p);
    }

    synchronized void setLostAnswerRate(double p) {
        lostAnswerRate = probability(p);
    }

    synchronized void setTooManyRequests(double p, int retryAfterSeconds) {
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative: " + retryAfterSeconds);
        }
        tooManyRequestsRate = probability(p);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void setRateLimit(double perSecond, int burst) {
        rateLimit.set(perSecond, burst);
    }

    synchronized void setOutage(boolean on) {
        outage = on;
    }

    synchronized void failFrom(Endpoint endpoint, int nth, Fault fault, int times) {
        if (nth < 1 || times < 1) {
            throw new IllegalArgumentException("nth is 1-based and times at least 1, got " + nth + " and " + times);
        }
        if (fault == Fault.LOGIN_TRY_LATER && endpoint != Endpoint.TOKEN) {
            throw new IllegalArgumentException("LOGIN_TRY_LATER is the Authenticator's answer: TOKEN only, not " + endpoint);
        }
        rules.add(new Rule(Objects.requireNonNull(endpoint, "endpoint"), nth, Objects.requireNonNull(fault, "fault"),
                times));
    }

    /** Back to a well-behaved service; latency is not a fault and stays. */
    synchronized void clear() {
        dropRate = 0;
        serverErrorRate = 0;
        lostAnswerRate = 0;
        tooManyRequestsRate = 0;
        retryAfterSeconds = 1;
        outage = false;
        rules.clear();
        rateLimit.set(0, 0);
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be within [0, 1], got " + p);
        }
        return p;
    }
}
