package io.tmsprovisioner.tapis;

import java.util.Objects;

/** A password or token. Its {@code toString} never shows the value, so it cannot leak through logs. */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The plain value: call only where it is put on the wire. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }
}
