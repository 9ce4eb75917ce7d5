package io.tmsprovisioner.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metrics file for node_exporter's textfile collector: replaced whole, never seen half-written (a
 * temporary file in the same directory, whose name the collector ignores, then an atomic move).
 */
final class MetricsFile {
    private static final Pattern LAST_SUCCESS = Pattern.compile(
            "^tms_last_success_timestamp_seconds(\\{[^}]*})? ([0-9.eE+]+)$", Pattern.MULTILINE);

    private final Path file;

    MetricsFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    void write(String exposition) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, exposition, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The last success an earlier run wrote here, so that a failed run does not erase it. */
    OptionalDouble lastSuccess() {
        try {
            Matcher matcher = LAST_SUCCESS.matcher(Files.readString(file, StandardCharsets.UTF_8));
            return matcher.find() ? OptionalDouble.of(Double.parseDouble(matcher.group(2))) : OptionalDouble.empty();
        } catch (IOException unreadable) {
            return OptionalDouble.empty();
        }
    }
}
