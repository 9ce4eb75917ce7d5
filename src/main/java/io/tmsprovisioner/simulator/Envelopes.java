package io.tmsprovisioner.simulator;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON envelopes Tapis services answer with (contract-findings, "Common: the two JSON envelopes" and item 10).
 * The Java services write {@code result, status, message, version, commit, build, metadata} in that order, nulls
 * included, pretty-printed as Gson does; the Authenticator (Flask) writes its keys sorted and compact.
 */
final class Envelopes {

    /** Systems' own build stamp; placeholders in the formats Tapis uses (version, 8-hex commit, build time). */
    private static final String SYSTEMS_VERSION = "1.8.2";
    private static final String SYSTEMS_COMMIT = "f1ce7554";
    private static final String SYSTEMS_BUILD = "2024-09-10T18:26:50Z";
    /** The Authenticator's {@code TAG}, the deployer's image version. */
    static final String SERVICE_IMAGE_VERSION = "26Q2.0";

    /** Flask's {@code jsonify} with {@code JSON_SORT_KEYS}: every object's keys sorted, compact. */
    private static final ObjectWriter FLASK = JsonMapper.shared().writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /** Gson's {@code setPrettyPrinting()}: two-blank indent and {@code "name": value}. */
    private static final ObjectWriter GSON_PRETTY = JsonMapper.shared().writer().with(new GsonPrettyPrinter());

    private Envelopes() {
    }

    /**
     * Built by a Systems resource ({@code TapisRestUtils.createSuccessResponse/createErrorResponse}): {@code status}
     * is "success" below 300 and "error" otherwise.
     */
    static Reply resource(int status, String message, Object result) {
        return java(status, status < 300 ? "success" : "error", message, result);
    }

    /** A listing ({@code RespSystems}): {@code result} an array, {@code metadata} a {@code ResultListMetadata}. */
    static Reply resource(int status, String message, Object result, Object metadata) {
        return java(status, status < 300 ? "success" : "error", message, result, metadata);
    }

    static Reply resource(int status, String message) {
        return resource(status, message, null);
    }

    /** Jersey's own answer to an exception it maps without a message of Tapis's: "HTTP 404 Not Found". */
    static Reply jaxrsDefault(int status) {
        return mapper(status, TapisMessages.fill("JAXRS_DEFAULT", status, reasonPhrase(status)));
    }

    /** An exception a Systems resource passed on, turned into an answer by {@code ApiExceptionMapper}. */
    static Reply mapper(int status, String message) {
        return java(status, reasonPhrase(status), message, null);
    }

    /** The Authenticator's {@code utils.ok}/{@code utils.error}: Flask's {@code jsonify}, sorted, compact, newline. */
    static Reply authenticator(int status, String message, Object result) {
        Map<String, Object> envelope = new HashMap<>();
        envelope.put("message", message);
        envelope.put("metadata", Map.of());
        envelope.put("result", result);
        envelope.put("status", status < 300 ? "success" : "error");
        envelope.put("version", SERVICE_IMAGE_VERSION);
        return Reply.json(status, FLASK.writeValueAsString(envelope) + "\n");
    }

    private static Reply java(int status, String envelopeStatus, String message, Object result) {
        return java(status, envelopeStatus, message, result, null);
    }

    private static Reply java(int status, String envelopeStatus, String message, Object result, Object metadata) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("result", result);
        envelope.put("status", envelopeStatus);
        envelope.put("message", message);
        envelope.put("version", SYSTEMS_VERSION);
        envelope.put("commit", SYSTEMS_COMMIT);
        envelope.put("build", SYSTEMS_BUILD);
        envelope.put("metadata", metadata);
        return Reply.json(status, GSON_PRETTY.writeValueAsString(envelope));
    }

    /** {@code javax.ws.rs.core.Response.Status.toString()}, which the mapper writes as {@code status}. */
    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            default -> throw new IllegalArgumentException("no reason phrase for " + status);
        };
    }

    /**
     * Gson's pretty printing: arrays one item a line, indented like objects, and an empty array as {@code []}
     * (Jackson's default writes arrays on one line and an empty one as {@code [ ]}).
     */
    private static final class GsonPrettyPrinter extends DefaultPrettyPrinter {
        GsonPrettyPrinter() {
            super(Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER));
            _arrayIndenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE;
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GsonPrettyPrinter();
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) {
            if (nrOfValues > 0) {
                super.writeEndArray(g, nrOfValues);
                return;
            }
            if (!_arrayIndenter.isInline()) {
                --_nesting;
            }
            g.writeRaw(']');
        }
    }
}
