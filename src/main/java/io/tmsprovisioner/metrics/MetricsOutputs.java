package io.tmsprovisioner.metrics;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Where a run's metrics go: a file for node_exporter's textfile collector, a Prometheus Pushgateway, both
 * or neither.
 *
 * @param file        null for none
 * @param pushgateway the Pushgateway's base URL ({@code http://host:9091}); null for none
 */
public record MetricsOutputs(Path file, URI pushgateway) {
    private static final String PUSHGATEWAY_URL = MetricsSettings.PREFIX + ".pushgateway-url";

    /**
     * @throws IllegalArgumentException with a message that names the setting, when one cannot be used
     */
    public static MetricsOutputs of(Path file, String pushgatewayUrl) {
        if (file != null && (file.toAbsolutePath().getParent() == null || !Files.isDirectory(file.toAbsolutePath().getParent()))) {
            throw new IllegalArgumentException("--metrics-file " + file + ": its directory does not exist");
        }
        return new MetricsOutputs(file, pushgatewayUrl == null || pushgatewayUrl.isBlank() ? null : pushgateway(pushgatewayUrl));
    }

    private static URI pushgateway(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PUSHGATEWAY_URL + " '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(PUSHGATEWAY_URL + " must be http://HOST:PORT or https://HOST:PORT");
        }
        if (uri.getRawUserInfo() != null) {
            // the URL is printed in warnings; a password in it would be too
            throw new IllegalArgumentException(PUSHGATEWAY_URL + " must not hold a user or password");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException(PUSHGATEWAY_URL + " must be the Pushgateway's base URL, without a "
                    + "path or query (the job and input are added to it)");
        }
        return uri;
    }

    /** When a run last completed, as the metrics file an earlier run left says. */
    public OptionalDouble lastSuccess() {
        return file == null ? OptionalDouble.empty() : new MetricsFile(file).lastSuccess();
    }
}
