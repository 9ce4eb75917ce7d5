package io.tmsprovisioner.input;

import java.util.Locale;
import java.util.Optional;

/** What a row asks for on one (username, system) pair. */
public enum Action {
    /** Check the credential; create TMS keys when it is missing and the system uses TMS_KEYS. */
    ESTABLISH,
    /** Remove the stored credential. */
    REMOVE,
    /** On a TMS_KEYS system: remove, then mint new keys. */
    RESET;

    /** Parses an action name case-insensitively; empty for an unknown word. */
    public static Optional<Action> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
