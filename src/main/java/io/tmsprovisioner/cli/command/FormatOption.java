package io.tmsprovisioner.cli.command;

import io.tmsprovisioner.cli.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A {@code --format} value, any case, read as one of a command's formats; anything else is a usage error. */
final class FormatOption {

    private FormatOption() {
    }

    static <F extends Enum<F>> F parse(String text, Class<F> formats) {
        for (F candidate : formats.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw new UsageException("--format '" + text + "' is not one of " + Arrays.stream(formats.getEnumConstants())
                .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ".");
    }
}
