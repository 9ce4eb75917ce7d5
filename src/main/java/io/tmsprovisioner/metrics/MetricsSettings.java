package io.tmsprovisioner.metrics;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The {@code tms.metrics.*} settings.
 *
 * @param pushgatewayUrl the Pushgateway's base URL; null for none
 * @param interval       how often a running job publishes its metrics (the file and the push), besides at its end
 */
public record MetricsSettings(String pushgatewayUrl, @DefaultValue("1m") Duration interval) {
    public static final String PREFIX = "tms.metrics";

    public MetricsSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the metrics interval must be positive, not " + interval);
        }
    }
}
