package io.tmsprovisioner.tapis;

import java.util.Locale;

/** Tapis base URLs as the tool names them. */
public final class TapisUrl {
    private TapisUrl() {
    }

    /**
     * One spelling for equivalent URLs: scheme and host in lower case, without the scheme's default port or a
     * trailing slash ({@code HTTPS://Tenant.tapis.io:443/} is {@code https://tenant.tapis.io}). The URL names a job
     * instance, and one tenant typed two ways must not make two. Text without a scheme is only trimmed.
     */
    public static String canonical(String url) {
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            return withoutTrailingSlashes(text);
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        int authorityEnd = rest.length();
        for (char end : new char[]{'/', '?', '#'}) {
            int at = rest.indexOf(end);
            authorityEnd = at < 0 ? authorityEnd : Math.min(authorityEnd, at);
        }
        String authority = rest.substring(0, authorityEnd).toLowerCase(Locale.ROOT);
        String defaultPort = switch (scheme) {
            case "https" -> ":443";
            case "http" -> ":80";
            default -> null;
        };
        if (defaultPort != null && authority.endsWith(defaultPort)) {
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return withoutTrailingSlashes(scheme + "://" + authority + rest.substring(authorityEnd));
    }

    private static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
