package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.TapisSimulator.Endpoint;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Tapis operation a request addresses. Worked out from the raw path, split on '/' before each
 * segment is percent-decoded, so an encoded name ({@code a%2Fb}, {@code ..%2Fx}) stays one name and
 * a literal {@code ..} segment is never resolved into another endpoint.
 *
 * @param systemId  the decoded system id, when the path has one
 * @param username  the decoded user name, when the path has one
 * @param allow     the methods the path accepts, for a 405's {@code Allow} header
 */
record Route(Operation operation, String systemId, String username, Map<String, String> query, String allow) {

    /**
     * What a request asks for. A Systems call names itself twice in Tapis's messages: by its resource method
     * ({@code SYSAPI_NOSYSTEM ... Operation: checkUserCredential}) and by its {@code SystemOperation}
     * ({@code SYSLIB_UNAUTH ... Operation: checkCred}).
     */
    enum Operation {
        LOGIN(Endpoint.TOKEN, null, null),
        GET_SYSTEM(Endpoint.GET_SYSTEM, "getSystem", "read"),
        LIST_SYSTEMS(Endpoint.LIST_SYSTEMS, "getSystems", "read"),
        CHECK_CREDENTIAL(Endpoint.CHECK_CREDENTIAL, "checkUserCredential", "checkCred"),
        CREATE_CREDENTIAL(Endpoint.CREATE_CREDENTIAL, "createUserCredential", "setCred"),
        REMOVE_CREDENTIAL(Endpoint.REMOVE_CREDENTIAL, "removeUserCredential", "removeCred"),
        GET_CREDENTIAL(Endpoint.OTHER, "getUserCredential", "getCred"),
        NO_SUCH_PATH(Endpoint.OTHER, null, null),
        WRONG_METHOD(Endpoint.OTHER, null, null),
        MALFORMED_URI(Endpoint.OTHER, null, null);

        final Endpoint endpoint;
        final String resourceMethod;
        final String systemOperation;

        Operation(Endpoint endpoint, String resourceMethod, String systemOperation) {
            this.endpoint = endpoint;
            this.resourceMethod = resourceMethod;
            this.systemOperation = systemOperation;
        }
    }

    Endpoint endpoint() {
        return operation.endpoint;
    }

    static Route of(String method, URI uri) {
        Map<String, String> query;
        String[] p;
        try {
            query = query(uri.getRawQuery());
            p = segments(uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return new Route(Operation.MALFORMED_URI, null, null, Map.of(), null);
        }
        if (matches(p, "v3", "oauth2", "tokens")) {
            return byMethod(method, "POST", Operation.LOGIN, null, null, query);
        }
        if (matches(p, "v3", "systems")) {
            return byMethod(method, "GET", Operation.LIST_SYSTEMS, null, null, query);
        }
        if (matches(p, "v3", "systems", null)) {
            return byMethod(method, "GET", Operation.GET_SYSTEM, p[2], null, query);
        }
        if (matches(p, "v3", "systems", "credential", null, "user", null, "check")) {
            return byMethod(method, "POST", Operation.CHECK_CREDENTIAL, p[3], p[5], query);
        }
        if (matches(p, "v3", "systems", "credential", null, "user", null)) {
            Operation operation = switch (method) {
                case "POST" -> Operation.CREATE_CREDENTIAL;
                case "DELETE" -> Operation.REMOVE_CREDENTIAL;
                case "GET" -> Operation.GET_CREDENTIAL;
                default -> Operation.WRONG_METHOD;
            };
            return new Route(operation, p[3], p[5], query, "GET, POST, DELETE");
        }
        return new Route(Operation.NO_SUCH_PATH, null, null, query, null);
    }

    private static Route byMethod(String method, String allowed, Operation operation, String systemId,
                                  String username, Map<String, String> query) {
        return new Route(allowed.equals(method) ? operation : Operation.WRONG_METHOD, systemId, username, query, allowed);
    }

    /** Literal segments must be equal; a null in the pattern is a name, which must not be empty. */
    private static boolean matches(String[] path, String... pattern) {
        if (path.length != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean ok = pattern[i] == null ? !path[i].isEmpty() : pattern[i].equals(path[i]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The decoded segments after the leading '/'; a trailing '/' gives an empty last segment. */
    private static String[] segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + rawPath);
        }
        return Arrays.stream(rawPath.substring(1).split("/", -1)).map(Route::percentDecode).toArray(String[]::new);
    }

    /** Decodes %XX escapes as UTF-8; unlike URLDecoder, '+' stays '+' as it does in a path. */
    private static String percentDecode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            int c = segment.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c) - 1;
                continue;
            }
            if (i + 2 >= segment.length()) {
                throw new IllegalArgumentException("truncated percent-escape in " + segment);
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("bad percent-escape in " + segment);
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Query parameters, first value wins; URLDecoder throws IllegalArgumentException on a bad escape. */
    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return Map.copyOf(query);
    }
}
