package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the simulator answers to one request: a body with its content type ({@link Envelopes}, {@link Nginx}, or
 * the JWT filter's plain text), or nothing at all (a dropped connection, status 0).
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final Reply DROP = new Reply(0, null, new byte[0], Map.of());

    /** A JSON body: Tapis's envelopes, and nginx's answer for a revoked token. */
    static Reply json(int status, String json) {
        return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A body of text: the JWT filter's refusals, nginx's error pages. */
    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, Map.copyOf(more));
    }

    boolean dropsConnection() {
        return status == 0;
    }

    /**
     * Sends the reply. For a drop, closing an exchange whose headers were never sent makes the JDK
     * server close the socket, so the client reads end-of-stream instead of a status line
     * (TapisSimulatorTest proves an OkHttp client gets an IOException).
     */
    void writeTo(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (dropsConnection()) {
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
