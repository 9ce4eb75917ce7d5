package io.tmsprovisioner.provisioning;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Users whose credentials a sync never removes ({@code tms.protected-users}): names or patterns in which
 * {@code *} stands for any characters and {@code ?} for one, e.g. {@code tms-admin}, {@code svc-*}.
 */
public final class ProtectedUsers {
    private final List<Pattern> compiled;

    private ProtectedUsers(List<String> patterns) {
        this.compiled = patterns.stream().map(ProtectedUsers::compile).toList();
    }

    /** @throws IllegalArgumentException for a blank pattern, which would protect nobody by mistake */
    public static ProtectedUsers of(List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("a protected-user pattern is empty: list names or patterns such "
                        + "as tms-admin, svc-*");
            }
        }
        return new ProtectedUsers(patterns.stream().map(String::strip).toList());
    }

    public boolean protects(String username) {
        return compiled.stream().anyMatch(pattern -> pattern.matcher(username).matches());
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("((?<=[*?])|(?=[*?]))")) {
            switch (literal) {
                case "*" -> regex.append(".*");
                case "?" -> regex.append('.');
                default -> regex.append(Pattern.quote(literal));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
