package io.tmsprovisioner.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the simulator answers to one request: a Tapis JSON envelope, a plain-text gateway refusal, or
 * nothing at all (a dropped connection, status 0).
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final Reply DROP = new Reply(0, null, new byte[0], Map.of());

    /** The JSON envelope every Tapis service answers with; errors carry the HTTP reason phrase as status. */
    static Reply json(int status, String message, Object result) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", status < 300 ? "success" : reasonPhrase(status));
        envelope.put("message", message);
        envelope.put("result", result);
        envelope.put("version", "1.8.2");
        envelope.put("commit", "sim");
        envelope.put("build", "sim");
        envelope.put("metadata", Map.of());
        return new Reply(status, "application/json", JsonMapper.shared().writeValueAsBytes(envelope), Map.of());
    }

    /** An envelope without a result, as Tapis sends for errors and for most credential calls. */
    static Reply json(int status, String message) {
        return json(status, message, null);
    }

    /** The gateway's answer to a bad JWT: plain text, never the envelope. */
    static Reply text(int status, String message) {
        return new Reply(status, "text/plain", message.getBytes(StandardCharsets.UTF_8), Map.of());
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

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
