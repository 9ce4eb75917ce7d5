package io.tmsprovisioner.cli.command;

import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads a duration as configuration files write them ({@code 7d}, {@code 36h}, {@code 90m}) or in ISO-8601 ({@code P7D}). */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException unreadable) {
            throw new TypeConversionException("'" + value + "' is not a duration: write it as 7d, 36h or 90m");
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: a duration must be 0 or more");
        }
        return duration;
    }
}
