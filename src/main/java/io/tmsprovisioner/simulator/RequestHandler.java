package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tmsprovisioner.simulator.TapisSimulator.Fault;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Every request's path through the simulator: route, fault decision, latency, then what nginx answers itself (its
 * error pages, the revoked-token 500), the service's JWT filter, and the service; then counting and answering.
 * Counting happens before the answer is written, so a client that has its answer also sees it counted. See
 * {@code docs/tapis-api.md}, "The simulator".
 */
final class RequestHandler implements HttpHandler {

    private final String tenant;
    private final TokenIssuer tokens;
    private final TokenEndpoint tokenEndpoint;
    private final SystemsEndpoint systemsEndpoint;
    private final FaultInjector faults;
    private final Pause pause;
    private final CallCounter counter;
    private final CallHold hold;
    private final SystemLoad load;

    RequestHandler(String tenant, TokenIssuer tokens, TokenEndpoint tokenEndpoint, SystemsEndpoint systemsEndpoint,
                   FaultInjector faults, Pause pause, CallCounter counter, CallHold hold, SystemLoad load) {
        this.tenant = tenant;
        this.tokens = tokens;
        this.tokenEndpoint = tokenEndpoint;
        this.systemsEndpoint = systemsEndpoint;
        this.faults = faults;
        this.pause = pause;
        this.counter = counter;
        this.hold = hold;
        this.load = load;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Route route = Route.of(exchange.getRequestMethod(), exchange.getRequestURI());
        // read before any waiting: a client that gives up meanwhile must not keep the call from taking effect
        byte[] body = exchange.getRequestBody().readAllBytes();
        FaultInjector.Decision decision = faults.decide(route.endpoint());
        if (route.endpoint().mutates()) {
            // counted on arrival, before any fault: a change that is dropped or refused was still sent
            tokens.holder(exchange.getRequestHeaders().getFirst("X-Tapis-Token")).ifPresent(counter::recordChange);
        }
        Reply reply;
        try (SystemLoad.Visit visit = load.enter(route)) {
            pause.sleep(faults.latency(route.endpoint()));
            reply = respond(route, exchange.getRequestMethod(), exchange.getRequestHeaders(), body, decision);
        } catch (Pause.Closing closing) {
            reply = Reply.DROP;
        } catch (RuntimeException uncaught) {
            // as ApiExceptionMapper answers an exception it does not know
            reply = Envelopes.mapper(500, String.valueOf(uncaught.getMessage()));
        }
        counter.record(route.endpoint(), reply.status());
        reply.writeTo(exchange);
    }

    private Reply respond(Route route, String method, Headers headers, byte[] body, FaultInjector.Decision decision) {
        Fault fault = decision == null ? null : decision.fault();
        if (fault != null && fault.fromGateway()) {
            return gatewayFault(decision);
        }
        String token = headers.getFirst("X-Tapis-Token");
        if (tokens.revocationRefuses(token)) {
            return Nginx.tokenRevoked();
        }
        return switch (route.operation()) {
            case LOGIN -> served(route, null, fault,
                    () -> tokenEndpoint.handle(headers.getFirst("Content-Type"), body));
            // Jersey's own exceptions, passed to the mapper
            case NO_SUCH_PATH -> Envelopes.jaxrsDefault(404);
            case MALFORMED_URI -> Envelopes.jaxrsDefault(400);
            case WRONG_METHOD -> Envelopes.jaxrsDefault(405).withHeader("Allow", route.allow());
            default -> {
                TokenIssuer.Verdict verdict = tokens.verify(method, token);
                if (verdict instanceof TokenIssuer.Refused refused) {
                    yield Reply.text(401, negotiated(headers), refused.message());
                }
                Caller caller = new Caller(tenant, ((TokenIssuer.Accepted) verdict).username());
                yield served(route, caller, fault, () -> systemsEndpoint.handle(route, caller, body));
            }
        };
    }

    /** The service's answer, or with a fault what the fault makes of it; a normal answer may be held for a test. */
    private Reply served(Route route, Caller caller, Fault fault, Supplier<Reply> service) {
        if (fault == null) {
            Reply reply = service.get();
            hold.afterEffect(route);
            return reply;
        }
        return switch (fault) {
            case INTERNAL_ERROR -> ServiceErrors.before(route, caller);
            case LOGIN_TRY_LATER -> TokenEndpoint.tryLater();
            // the effect happens, only the answer is lost or replaced by an error
            case INTERNAL_ERROR_AFTER_EFFECT -> afterEffect(service, ServiceErrors.after(route, caller));
            case LOSE_ANSWER -> afterEffect(service, Reply.DROP);
            case GATEWAY_TIMEOUT_AFTER_EFFECT -> afterEffect(service, Nginx.errorPage(504));
            default -> throw new IllegalStateException(fault + " is answered by nginx");
        };
    }

    private static Reply afterEffect(Supplier<Reply> service, Reply instead) {
        service.get();
        return instead;
    }

    /** Faults nginx answers without asking the service: its HTML pages, or a closed connection. */
    private static Reply gatewayFault(FaultInjector.Decision decision) {
        return switch (decision.fault()) {
            case SERVER_ERROR -> Nginx.errorPage(503);
            case BAD_GATEWAY -> Nginx.errorPage(502);
            case TOO_MANY_REQUESTS -> Nginx.errorPage(429)
                    .withHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
            case DROP -> Reply.DROP;
            default -> throw new IllegalStateException(decision.fault() + " is answered by the service");
        };
    }

    /**
     * The JWT filter's refusal has no media type, so Jersey picks one from the request's {@code Accept}: JSON for a
     * client that asks for it (the body is still plain text), else text/plain (contract-findings item 12).
     */
    private static String negotiated(Headers headers) {
        String accept = headers.getFirst("Accept");
        return accept != null && accept.contains("application/json") ? "application/json" : "text/plain";
    }
}
