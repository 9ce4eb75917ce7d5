package io.tmsprovisioner.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Prometheus text exposition format back, for tests: one sample per line that is not a comment. */
public record PrometheusText(List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** @throws IllegalArgumentException at the first line that is neither a comment nor a sample */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                int end = 0;
                while (label.find() && label.start() == end) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != sample.group(3).length()) {
                    throw new IllegalArgumentException("bad labels: " + line);
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return new PrometheusText(samples);
    }

    /** The samples of one metric whose labels include the given ones. */
    public List<Sample> of(String name, Map<String, String> labels) {
        Predicate<Sample> matching = sample -> sample.name().equals(name)
                && sample.labels().entrySet().containsAll(labels.entrySet());
        return samples.stream().filter(matching).toList();
    }

    /** The sum of those samples' values. */
    public double sum(String name, Map<String, String> labels) {
        return of(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
