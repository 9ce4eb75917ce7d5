package io.tmsprovisioner.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the recognised columns are in the header: 0-based indexes, {@code actionColumn} is -1
 * when the file has no action column (every row then takes the default action).
 */
public record HeaderMapping(int usernameColumn, int systemIdColumn, int actionColumn) {

    /** The recognised columns, each with its canonical name first and then its aliases. */
    private enum Field {
        USERNAME(true, "username", "user"),
        SYSTEM_ID(true, "system_id", "system", "systemId"),
        ACTION(false, "action");

        final boolean required;
        final List<String> names;

        Field(boolean required, String... names) {
            this.required = required;
            this.names = List.of(names);
        }

        String label() {
            return names.get(0);
        }

        static Field named(String headerCell) {
            String name = CellText.trim(headerCell).toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(f -> f.names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(name)))
                    .findFirst()
                    .orElse(null);
        }
    }

    static final String ACCEPTED_NAMES = "username (or user), system_id (or system, systemId), action (optional)";

    /**
     * Maps a header row. Unknown columns are ignored.
     *
     * @throws IllegalArgumentException saying what is wrong with the header and how to fix it
     */
    static HeaderMapping of(String[] header) {
        int[] index = new int[Field.values().length];
        Arrays.fill(index, -1);
        for (int i = 0; i < header.length; i++) {
            Field field = Field.named(header[i]);
            if (field == null) {
                continue;
            }
            int earlier = index[field.ordinal()];
            if (earlier >= 0) {
                throw new IllegalArgumentException(String.format(
                        "the header has the %s column twice: %s (column %d) and %s (column %d); keep only one of them",
                        field.label(), shown(header[earlier]), earlier + 1, shown(header[i]), i + 1));
            }
            index[field.ordinal()] = i;
        }
        List<String> missing = new ArrayList<>();
        for (Field field : Field.values()) {
            if (field.required && index[field.ordinal()] < 0) {
                missing.add(field.label());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "the header lacks the required column%s %s; found: %s. Accepted names (case-insensitive): %s. "
                            + "The first line that is not blank or a comment is the header: fix it or add one",
                    missing.size() > 1 ? "s" : "", String.join(", ", missing),
                    Arrays.stream(header).map(HeaderMapping::shown).collect(Collectors.joining(", ")),
                    ACCEPTED_NAMES));
        }
        return new HeaderMapping(index[Field.USERNAME.ordinal()], index[Field.SYSTEM_ID.ordinal()], index[Field.ACTION.ordinal()]);
    }

    private static String shown(String headerCell) {
        return "'" + CellText.safe(CellText.trim(headerCell)) + "'";
    }

    String username(String[] cells) {
        return cell(cells, usernameColumn);
    }

    String systemId(String[] cells) {
        return cell(cells, systemIdColumn);
    }

    String action(String[] cells) {
        return cell(cells, actionColumn);
    }

    /** A trimmed cell; a row shorter than the header (or a missing action column) reads as empty. */
    private static String cell(String[] cells, int index) {
        return index >= 0 && index < cells.length ? CellText.trim(cells[index]) : "";
    }

    /** For logs and messages, e.g. "username: column 1, system_id: column 3, action: none (default used)". */
    public String describe() {
        return "username: column " + (usernameColumn + 1)
                + ", system_id: column " + (systemIdColumn + 1)
                + ", action: " + (actionColumn < 0 ? "none (default used)" : "column " + (actionColumn + 1));
    }
}
