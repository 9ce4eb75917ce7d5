package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * Every request's path through the simulator: route, fault decision, latency, the gateway's JWT check,
 * the service, then counting and answering. Counting happens before the answer is written, so a client
 * that has its answer also sees it counted. See {@code docs/tapis-api.md}, "The simulator".
 */
final class RequestHandler implements HttpHandler {

    private final TokenIssuer tokens;
    private final TokenEndpoint tokenEndpoint;
    private final SystemsEndpoint systemsEndpoint;
    private final FaultInjector faults;
    private final CallCounter counter;
    private final CallHold hold;
    private final SystemLoad load;

    RequestHandler(TokenIssuer tokens, TokenEndpoint tokenEndpoint, SystemsEndpoint systemsEndpoint,
                   FaultInjector faults, CallCounter counter, CallHold hold, SystemLoad load) {
        this.tokens = tokens;
        this.tokenEndpoint = tokenEndpoint;
        this.systemsEndpoint = systemsEndpoint;
        this.faults = faults;
        this.counter = counter;
        this.hold = hold;
        this.load = load;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Route route = Route.of(exchange.getRequestMethod(), exchange.getRequestURI());
        FaultInjector.Decision decision = faults.decide(route.endpoint());
        Reply reply;
        try (SystemLoad.Visit visit = load.enter(route)) {
            if (!pause(faults.latency(route.endpoint()))) {
                reply = Reply.DROP; // the simulator is closing
            } else if (decision == null) {
                reply = answer(route, exchange, visit.hostRefuses());
                hold.afterEffect(route);
            } else {
                reply = injected(decision, route, exchange);
            }
        }
        counter.record(route.endpoint(), reply.status());
        reply.writeTo(exchange);
    }

    private Reply injected(FaultInjector.Decision decision, Route route, HttpExchange exchange) throws IOException {
        return switch (decision.fault()) {
            case SERVER_ERROR -> Reply.json(503, "SYSAPI_UNAVAILABLE The service is temporarily unavailable.");
            case INTERNAL_ERROR -> Reply.json(500, "SYSAPI_INTERNAL_ERROR Internal error.");
            case BAD_GATEWAY -> Reply.text(502, "Bad Gateway");
            case TOO_MANY_REQUESTS -> Reply.json(429, "TAPIS_TOO_MANY_REQUESTS Rate limit exceeded; retry after "
                            + decision.retryAfterSeconds() + " seconds.")
                    .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            case DROP -> Reply.DROP;
            // the effect happens, only the answer is lost or replaced by an error
            case LOSE_ANSWER -> afterEffect(route, exchange, Reply.DROP);
            case INTERNAL_ERROR_AFTER_EFFECT -> afterEffect(route, exchange,
                    Reply.json(500, "SYSAPI_INTERNAL_ERROR Internal error after a partial update."));
            case GATEWAY_TIMEOUT_AFTER_EFFECT -> afterEffect(route, exchange, Reply.text(504, "Gateway Timeout"));
        };
    }

    private Reply afterEffect(Route route, HttpExchange exchange, Reply instead) throws IOException {
        answer(route, exchange, false);
        return instead;
    }

    /** @param hostRefuses the system's sshd dropped the connection a check or create needs */
    private Reply answer(Route route, HttpExchange exchange, boolean hostRefuses) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            return switch (route.operation()) {
                case LOGIN -> tokenEndpoint.handle(exchange.getRequestHeaders().getFirst("Content-Type"), body);
                case NO_SUCH_PATH -> Reply.json(404, "TAPIS_NOT_FOUND No such endpoint: "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                case WRONG_METHOD -> Reply.json(405, "TAPIS_METHOD_NOT_ALLOWED " + exchange.getRequestMethod()
                        + " is not allowed here; allowed: " + route.allow()).withHeader("Allow", route.allow());
                case MALFORMED_URI -> Reply.json(400, "TAPIS_BAD_REQUEST Malformed percent-encoding in the URI.");
                default -> authorised(route, exchange, body, hostRefuses);
            };
        } catch (RuntimeException e) {
            return Reply.json(500, "SYSAPI_INTERNAL_ERROR Simulator failure: " + e);
        }
    }

    /** The gateway refuses a bad JWT in plain text before the service sees the request. */
    private Reply authorised(Route route, HttpExchange exchange, byte[] body, boolean hostRefuses) {
        TokenIssuer.Verdict verdict = tokens.verify(exchange.getRequestHeaders().getFirst("X-Tapis-Token"));
        if (verdict instanceof TokenIssuer.Refused refused) {
            return Reply.text(401, refused.message());
        }
        return systemsEndpoint.handle(route, ((TokenIssuer.Accepted) verdict).username(), body, hostRefuses);
    }

    /** Sleeps for the injected latency, counted as service time; false when interrupted because the simulator is closing. */
    private boolean pause(Duration latency) {
        if (latency.isZero()) {
            return true;
        }
        long start = System.nanoTime();
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            load.served(System.nanoTime() - start);
        }
    }
}
