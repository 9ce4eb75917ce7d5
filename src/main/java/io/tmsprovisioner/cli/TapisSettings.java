package io.tmsprovisioner.cli;

import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisCredentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where Tapis is and how to authenticate, from options and the environment (never a secret on the command line). */
record TapisSettings(String baseUrl, TapisCredentials credentials) {
    static final String BASE_URL = "TAPIS_BASE_URL";
    static final String TOKEN = "TAPIS_TOKEN";
    static final String USERNAME = "TAPIS_USERNAME";
    static final String PASSWORD = "TAPIS_PASSWORD";

    static TapisSettings resolve(String urlOption, Path passwordFile, Map<String, String> env) {
        String url = urlOption != null ? urlOption : env.get(BASE_URL);
        if (isBlank(url)) {
            throw new UsageException("No Tapis URL: give --tapis-url https://TENANT.tapis.io or set " + BASE_URL + ".");
        }
        return new TapisSettings(normalise(url), credentials(passwordFile, env));
    }

    private static TapisCredentials credentials(Path passwordFile, Map<String, String> env) {
        String username = env.get(USERNAME);
        if (!isBlank(username)) {
            return new TapisCredentials.Login(username.trim(), password(passwordFile, env));
        }
        if (passwordFile != null) {
            throw new UsageException("--password-file needs " + USERNAME + " to say whose password it is.");
        }
        String token = env.get(TOKEN);
        if (!isBlank(token)) {
            return new TapisCredentials.Token(new Secret(token.trim()));
        }
        throw new UsageException("No Tapis credentials: set " + TOKEN + " to a JWT, or " + USERNAME
                + " with " + PASSWORD + " or --password-file FILE.");
    }

    private static Secret password(Path passwordFile, Map<String, String> env) {
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (text.isEmpty()) {
                    throw new UsageException("The password file " + passwordFile + " is empty.");
                }
                return new Secret(text);
            } catch (IOException e) {
                throw new UsageException("Cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String password = env.get(PASSWORD);
        if (password == null || password.isEmpty()) {
            throw new UsageException(USERNAME + " is set but no password: set " + PASSWORD
                    + " or give --password-file FILE.");
        }
        return new Secret(password);
    }

    private static String normalise(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
