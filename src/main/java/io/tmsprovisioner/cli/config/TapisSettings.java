package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.tapis.JwtText;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisCredentials;
import io.tmsprovisioner.tapis.TapisUrl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Tapis is and how to authenticate, from options and the environment (never a secret on the command line). */
public record TapisSettings(String baseUrl, TapisCredentials credentials) {
    static final String BASE_URL = "TAPIS_BASE_URL";
    static final String TOKEN = "TAPIS_TOKEN";
    static final String USERNAME = "TAPIS_USERNAME";
    static final String PASSWORD = "TAPIS_PASSWORD";

    /**
     * The settings of a run, from {@code --tapis-url} (or the environment), {@code --password-file} and the
     * environment.
     *
     * @throws UsageException naming what is missing or unsafe
     */
    public static TapisSettings resolve(String urlOption, Path passwordFile, Map<String, String> env,
                                        boolean allowInsecureHttp) {
        String url = urlOption != null ? urlOption : env.get(BASE_URL);
        if (isBlank(url)) {
            throw new UsageException("No Tapis URL: give --tapis-url https://TENANT.tapis.io or set " + BASE_URL + ".");
        }
        String normalised = TapisUrl.canonical(url);
        requireNoUserInfo(normalised);
        requireSafeScheme(normalised, allowInsecureHttp);
        return new TapisSettings(normalised, credentials(passwordFile, env));
    }

    /**
     * {@code https://user:password@host} would put a secret in the job parameters, the summary and every
     * message that shows the URL; this message is the one that never shows it. Read from the text, not a
     * parsed URI, so that a URL too garbled to parse is caught as well.
     */
    private static void requireNoUserInfo(String url) {
        int start = url.indexOf("://");
        String afterScheme = start < 0 ? url : url.substring(start + 3);
        String authority = afterScheme.split("[/?#]", 2)[0];
        if (authority.contains("@")) {
            throw new UsageException("The Tapis URL holds user info before its host (USER:PASSWORD@, not repeated "
                    + "here): give the tenant's URL only, e.g. https://designsafe.tapis.io, the user in " + USERNAME
                    + " and the password in " + PASSWORD + " or --password-file FILE.");
        }
    }

    /** Tokens and passwords travel in every request: plain http only to this machine, unless asked for. */
    private static void requireSafeScheme(String url, boolean allowInsecureHttp) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("The Tapis URL '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("http") && (allowInsecureHttp || isLoopback(uri.getHost()))) {
            return;
        }
        if (scheme.equals("http")) {
            throw new UsageException("The Tapis URL '" + url + "' uses plain http to another machine: the token and "
                    + "password would cross the network unencrypted. Use https, or --allow-insecure-http if you must.");
        }
        throw new UsageException("The Tapis URL '" + url + "' must start with https:// (for example "
                + "https://designsafe.tapis.io).");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.matches("127(\\.\\d{1,3}){3}") || bare.equals("::1");
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
            return new TapisCredentials.Token(new Secret(jwt(token.strip())));
        }
        throw new UsageException("No Tapis credentials: set " + TOKEN + " to a JWT, or " + USERNAME
                + " with " + PASSWORD + " or --password-file FILE.");
    }

    /** A token that no HTTP header can carry is refused here, by position and kind of character: never quoted. */
    private static String jwt(String token) {
        JwtText.firstInvalidCharacter(token).ifPresent(problem -> {
            throw new UsageException(TOKEN + " is not a JWT: it holds " + problem + " (after any surrounding "
                    + "blanks), and a JWT is only letters, digits, '-', '_' and '.'. Was it read from a file saved "
                    + "with a byte order mark, or with a line break or space inside?");
        });
        return token;
    }

    private static Secret password(Path passwordFile, Map<String, String> env) {
        if (passwordFile != null) {
            return PasswordFile.read(passwordFile);
        }
        String password = env.get(PASSWORD);
        if (password == null || password.isEmpty()) {
            throw new UsageException(USERNAME + " is set but no password: set " + PASSWORD
                    + " or give --password-file FILE.");
        }
        return new Secret(password);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
