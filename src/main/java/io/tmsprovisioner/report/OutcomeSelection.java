package io.tmsprovisioner.report;

import io.tmsprovisioner.provisioning.Outcome;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which outcomes a report lists (the {@code --only} option).
 *
 * @param outcomes  the outcomes whose rows are listed
 * @param specified whether the user chose them; a CSV report then becomes a file {@code run} can read back
 */
public record OutcomeSelection(Set<Outcome> outcomes, boolean specified) {

    /** No {@code --only}: every row, except where a format says otherwise ({@link #orElse}). */
    public static final OutcomeSelection UNSPECIFIED = new OutcomeSelection(EnumSet.allOf(Outcome.class), false);

    /** The rows an administrator must look at: what the HTML page lists unless told otherwise. */
    static final OutcomeSelection NEEDING_ATTENTION = new OutcomeSelection(
            Arrays.stream(Outcome.values()).filter(Outcome::needsAttention)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Outcome.class))), false);

    public OutcomeSelection {
        outcomes = Collections.unmodifiableSet(EnumSet.copyOf(outcomes));
    }

    /**
     * Parses a comma-separated list of outcome names, in any case; blanks around names are ignored.
     *
     * @throws IllegalArgumentException naming the valid outcomes, for an unknown name or an empty list
     */
    public static OutcomeSelection parse(String text) {
        Set<Outcome> chosen = EnumSet.noneOf(Outcome.class);
        for (String name : text.split(",")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty()) {
                chosen.add(outcome(trimmed));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--only names no outcome; give one or more of " + validNames() + ".");
        }
        return new OutcomeSelection(chosen, true);
    }

    private static Outcome outcome(String name) {
        return Arrays.stream(Outcome.values())
                .filter(o -> o.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--only '" + name + "' is not an outcome; valid: "
                        + validNames() + " (comma-separated, any case)."));
    }

    static String validNames() {
        return Arrays.stream(Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /** This selection if the user made one, else the format's own default. */
    OutcomeSelection orElse(OutcomeSelection formatDefault) {
        return specified ? this : formatDefault;
    }

    boolean includes(Outcome outcome) {
        return outcomes.contains(outcome);
    }

    /** e.g. "FAILED, REJECTED", in the outcomes' declared order. */
    String describe() {
        return outcomes.stream().map(Outcome::name).collect(Collectors.joining(", "));
    }
}
