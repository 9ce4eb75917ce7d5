package io.tmsprovisioner.input;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns a file of users (a {@code username} column, an optional {@code action}) and a list of systems
 * into the file of (user, system) pairs that provisions each user on each system: for each user in file
 * order, one row per system in the order given. The job keys everything by the line of its input (the
 * outcome table, the journal, resume), so it runs this pairs file exactly as one an administrator wrote.
 *
 * <p>Cells are copied as they are read (trimmed), a bad user name or action included: its rows are
 * REJECTED in the run with the usual reason, as in a file of pairs. The users file is streamed, one
 * record at a time, so memory does not grow with it. The output is the same bytes for the same users file
 * (name and content) and the same systems, so running the same command again resumes the same job instance.
 */
public final class UsersBySystems {

    /**
     * The expanded file's columns. The system comes first: a user name cell starting with '#' (REJECTED in a
     * file of pairs) would otherwise make its row a comment line, and the row would be lost without a word.
     */
    private static final String[] HEADER = {"system_id", "username", "action"};

    /** Beyond this many characters, the leading comment's list of systems is cut short. */
    private static final int MAX_LISTED = 1000;

    private final List<String> systems;

    private UsersBySystems(List<String> systems) {
        this.systems = systems;
    }

    /**
     * The systems every user is provisioned on, each trimmed and judged as a {@code system_id} cell is.
     *
     * @throws IllegalArgumentException for an empty list, a system id a row could not have, or one named twice
     */
    public static UsersBySystems of(List<String> systems) {
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("--systems names no system; give one or more system ids, separated by commas");
        }
        List<String> ids = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (String given : systems) {
            String id = CellText.trim(given);
            int position = ids.size() + 1;
            String problem = id.isEmpty()
                    ? "is empty; separate the system ids by single commas"
                    : RowValidator.systemIdProblem(id);
            if (problem != null) {
                throw new IllegalArgumentException("--systems, system " + position + ": " + problem);
            }
            Integer earlier = positions.putIfAbsent(id, position);
            if (earlier != null) {
                throw new IllegalArgumentException("--systems names " + id + " twice (systems " + earlier + " and "
                        + position + "); name each system once");
            }
            ids.add(id);
        }
        return new UsersBySystems(List.copyOf(ids));
    }

    public List<String> systems() {
        return systems;
    }

    /**
     * Writes the pairs file of {@code usersFile} to {@code out}, which it flushes and does not close.
     *
     * @return the number of users (data rows) in the file
     * @throws InputFileException   when the users file or its header cannot be used, with its line
     * @throws UncheckedIOException when {@code out} cannot be written
     */
    public long expand(Path usersFile, OutputStream out) {
        try (CsvRecords users = CsvRecords.open(usersFile, UnaryOperator.identity())) {
            return expand(users, usersFile, out);
        }
    }

    long expand(CsvRecords users, Path usersFile, OutputStream out) {
        HeaderMapping columns = users.header("username,action", "one row per user", HeaderMapping::ofUsers);
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        ICSVWriter csv = new CSVWriterBuilder(text).withLineEnd(ICSVWriter.DEFAULT_LINE_END).build();
        long count = 0;
        try {
            text.write(comment(usersFile));
            csv.writeNext(HEADER, false);
            for (CsvRecords.Record user; (user = users.next()) != null; count++) {
                String username = columns.username(user.cells());
                String action = columns.action(user.cells());
                for (String system : systems) {
                    csv.writeNext(new String[] {system, username, action}, false);
                }
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the pairs of " + usersFile + " failed: " + e.getMessage(), e);
        }
        // opencsv only records an error of its own writes
        if (csv.checkError()) {
            IOException failure = csv.getException();
            throw new UncheckedIOException("writing the pairs of " + usersFile + " failed",
                    failure != null ? failure : new IOException("write error"));
        }
        return count;
    }

    /**
     * What an administrator who opens the file (from a report's input path) needs to know. A comment line
     * is skipped by the reader; its name is made printable so that it cannot break the line.
     */
    private String comment(Path usersFile) {
        String listed = String.join(", ", systems);
        if (listed.length() > MAX_LISTED) {
            listed = listed.substring(0, MAX_LISTED) + "…";
        }
        return "# tms-provisioner run --systems: each user of " + CellText.safe(usersFile.getFileName().toString())
                + " on each of " + systems.size() + " system(s), in this order: " + listed + "\n";
    }
}
