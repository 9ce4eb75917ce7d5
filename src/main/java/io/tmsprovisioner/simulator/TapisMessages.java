package io.tmsprovisioner.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The texts Tapis answers with, from {@code simulator/tapis-messages.properties}, where each names the Tapis source
 * it was copied from. The simulator writes no answer text of its own: it fills these.
 */
final class TapisMessages {

    private static final String RESOURCE = "/simulator/tapis-messages.properties";
    private static final Map<String, String> TEMPLATES = load();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private TapisMessages() {
    }

    /**
     * The template with each {@code {n}} replaced by the nth argument's text ("null" for null, as Tapis's
     * MessageFormat writes it). A plain replacement in one pass, because MessageFormat would drop single quotes and
     * group digits, and an argument (a TMS body, a nested message) must never be searched for placeholders itself.
     */
    static String fill(String key, Object... args) {
        String template = TEMPLATES.get(key);
        if (template == null) {
            throw new IllegalArgumentException("no Tapis message " + key + " in " + RESOURCE);
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            int index = Integer.parseInt(placeholder.group(1));
            if (index >= args.length) {
                throw new IllegalArgumentException(key + " needs argument {" + index + "}, got " + args.length);
            }
            placeholder.appendReplacement(text, Matcher.quoteReplacement(String.valueOf(args[index])));
        }
        return placeholder.appendTail(text).toString();
    }

    private static Map<String, String> load() {
        Properties properties = new Properties();
        try (InputStream in = TapisMessages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toUnmodifiableMap(name -> name, properties::getProperty));
    }
}
