package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import io.tmsprovisioner.simulator.SimulatorState.TmsSetup;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the simulator's JSON file into a {@link SimulatorState}. Unknown properties are rejected so a
 * misspelt {@code hostCheckFails} cannot silently give a different tenant than intended.
 */
final class StateReader {

    private StateReader() {
    }

    static SimulatorState read(InputStream json) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("simulator state is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("simulator state must be a JSON object");
        }
        Entry top = new Entry("(top level)", root);
        top.allowOnly(Set.of("tokenLifetimeSeconds", "tenant", "tms", "accounts", "systems", "credentials"));
        JsonNode lifetime = root.get("tokenLifetimeSeconds");
        if (lifetime != null && !lifetime.isIntegralNumber()) {
            throw new IllegalArgumentException("tokenLifetimeSeconds must be a whole number of seconds");
        }
        return new SimulatorState(
                lifetime == null ? SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS : lifetime.longValue(),
                top.string("tenant", SimulatorState.DEFAULT_TENANT),
                tmsSetup(top.string("tms", TmsSetup.MVP.name())),
                list(root, "accounts", StateReader::account),
                list(root, "systems", StateReader::system),
                list(root, "credentials", StateReader::credential));
    }

    private static Account account(Entry e) {
        e.allowOnly(Set.of("username", "password", "tenantAdmin"));
        return new Account(e.string("username"), e.string("password"), e.flag("tenantAdmin"));
    }

    private static SystemDef system(Entry e) {
        e.allowOnly(Set.of("id", "defaultAuthnMethod", "owner", "hostCheckFails", "hostDown", "host", "systemType",
                "effectiveUserId", "readers"));
        String id = e.string("id");
        return new SystemDef(id, e.string("defaultAuthnMethod"), e.string("owner"), e.flag("hostCheckFails"),
                e.flag("hostDown"), e.string("host", SystemDef.defaultHost(id)), e.string("systemType", "LINUX"),
                e.string("effectiveUserId", SimulatorState.DYNAMIC_EFFECTIVE_USER), e.strings("readers"));
    }

    private static TmsSetup tmsSetup(String name) {
        try {
            return TmsSetup.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tms must be one of " + Arrays.toString(TmsSetup.values()) + ", not '"
                    + name + "'", e);
        }
    }

    private static Credential credential(Entry e) {
        e.allowOnly(Set.of("systemId", "username"));
        return new Credential(e.string("systemId"), e.string("username"));
    }

    /** A missing list is an empty one: a tenant without stored credentials is normal. */
    private static <T> List<T> list(JsonNode root, String name, Function<Entry, T> parse) {
        JsonNode array = root.get(name);
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException(name + " must be a JSON array");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(parse.apply(new Entry(name + "[" + i + "]", array.get(i))));
        }
        return items;
    }

    private static void allowOnly(JsonNode node, String where, Set<String> allowed) {
        for (String property : node.propertyNames()) {
            if (!allowed.contains(property)) {
                throw new IllegalArgumentException(where + ": unknown property '" + property + "', expected " + allowed);
            }
        }
    }

    /** One element of a list, named by its position for error messages. */
    private record Entry(String where, JsonNode node) {
        Entry {
            if (!node.isObject()) {
                throw new IllegalArgumentException(where + " must be a JSON object");
            }
        }

        void allowOnly(Set<String> allowed) {
            StateReader.allowOnly(node, where, allowed);
        }

        /** An optional string: {@code fallback} when absent, else as {@link #string(String)}. */
        String string(String name, String fallback) {
            return node.has(name) ? string(name) : fallback;
        }

        String string(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isString() || value.stringValue().isEmpty()) {
                throw new IllegalArgumentException(where + "." + name + " must be a non-empty string");
            }
            return value.stringValue();
        }

        /** A list of non-empty strings; a missing one is empty. */
        List<String> strings(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                return List.of();
            }
            List<String> strings = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(element -> strings.add(element.isString() ? element.stringValue() : ""));
            }
            if (!value.isArray() || strings.contains("")) {
                throw new IllegalArgumentException(where + "." + name + " must be a list of non-empty strings");
            }
            return strings;
        }

        boolean flag(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                return false;
            }
            if (!value.isBoolean()) {
                throw new IllegalArgumentException(where + "." + name + " must be true or false");
            }
            return value.booleanValue();
        }
    }
}
