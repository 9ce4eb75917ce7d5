package io.tmsprovisioner.simulator;

import io.tmsprovisioner.simulator.SimulatorState.Account;
import io.tmsprovisioner.simulator.SimulatorState.Credential;
import io.tmsprovisioner.simulator.SimulatorState.SystemDef;
import java.io.InputStream;
import java.util.ArrayList;
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
        allowOnly(root, "(top level)", Set.of("tokenLifetimeSeconds", "accounts", "systems", "credentials"));
        JsonNode lifetime = root.get("tokenLifetimeSeconds");
        if (lifetime != null && !lifetime.isIntegralNumber()) {
            throw new IllegalArgumentException("tokenLifetimeSeconds must be a whole number of seconds");
        }
        return new SimulatorState(
                lifetime == null ? SimulatorState.DEFAULT_TOKEN_LIFETIME_SECONDS : lifetime.longValue(),
                list(root, "accounts", StateReader::account),
                list(root, "systems", StateReader::system),
                list(root, "credentials", StateReader::credential));
    }

    private static Account account(Entry e) {
        e.allowOnly(Set.of("username", "password", "tenantAdmin"));
        return new Account(e.string("username"), e.string("password"), e.flag("tenantAdmin"));
    }

    private static SystemDef system(Entry e) {
        e.allowOnly(Set.of("id", "defaultAuthnMethod", "owner", "hostCheckFails", "hostDown"));
        return new SystemDef(e.string("id"), e.string("defaultAuthnMethod"), e.string("owner"), e.flag("hostCheckFails"),
                e.flag("hostDown"));
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

        String string(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isString() || value.stringValue().isEmpty()) {
                throw new IllegalArgumentException(where + "." + name + " must be a non-empty string");
            }
            return value.stringValue();
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
