package io.tmsprovisioner.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the recognised columns are in the header: 0-based indexes, {@code actionColumn} is -1
 * when the file has no action column (every row then takes the default action), {@code systemIdColumn}
 * is -1 in a file of users (whose systems are given apart, see {@link UsersBySystems}).
 */
record HeaderMapping(int usernameColumn, int systemIdColumn, int actionColumn) {

    /** The recognised columns, each with its canonical name first and then its aliases. */
    private enum Field {
        USERNAME("username", "user"),
        SYSTEM_ID("system_id", "system", "systemId"),
        ACTION("action");

        final List<String> names;

        Field(String... names) {
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

    private static final String ACCEPTED_NAMES = "username (or user), system_id (or system, systemId), action (optional)";
    private static final String ACCEPTED_USER_NAMES = "username (or user), action (optional)";

    /**
     * Maps the header of a file of (user, system) pairs. Unknown columns are ignored.
     *
     * @throws IllegalArgumentException saying what is wrong with the header and how to fix it
     */
    static HeaderMapping of(String[] header) {
        int[] index = columns(header);
        requirePresent(header, index, EnumSet.of(Field.USERNAME, Field.SYSTEM_ID), ACCEPTED_NAMES);
        return new HeaderMapping(index[Field.USERNAME.ordinal()], index[Field.SYSTEM_ID.ordinal()], index[Field.ACTION.ordinal()]);
    }

    /**
     * Maps the header of a file of users, each to be provisioned on systems given apart: a system_id
     * column there would contradict them.
     *
     * @throws IllegalArgumentException saying what is wrong with the header and how to fix it
     */
    static HeaderMapping ofUsers(String[] header) {
        int[] index = columns(header);
        int systemId = index[Field.SYSTEM_ID.ordinal()];
        if (systemId >= 0) {
            throw new IllegalArgumentException(String.format(
                    "the header has a system_id column (%s, column %d), but --systems (or tms.systems) names the systems "
                            + "of every user; run this file of pairs without --systems, or remove that column to "
                            + "provision each user on every listed system",
                    shown(header[systemId]), systemId + 1));
        }
        requirePresent(header, index, EnumSet.of(Field.USERNAME), ACCEPTED_USER_NAMES);
        return new HeaderMapping(index[Field.USERNAME.ordinal()], -1, index[Field.ACTION.ordinal()]);
    }

    /** The column of each field, -1 where it has none; a field named twice is an error. */
    private static int[] columns(String[] header) {
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
        return index;
    }

    private static void requirePresent(String[] header, int[] index, Set<Field> required, String accepted) {
        List<String> missing = new ArrayList<>();
        for (Field field : required) {
            if (index[field.ordinal()] < 0) {
                missing.add(field.label());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "the header lacks the required column%s %s; found: %s. Accepted names (case-insensitive): %s. "
                            + "The first line that is not blank or a comment is the header: fix it or add one",
                    missing.size() > 1 ? "s" : "", String.join(", ", missing),
                    Arrays.stream(header).map(HeaderMapping::shown).collect(Collectors.joining(", ")),
                    accepted));
        }
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
}
