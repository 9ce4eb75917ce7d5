package io.tmsprovisioner.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One answer Tapis gives, word for word, as the source shows it: a file of {@code src/test/resources/tapis-contract/}.
 * A file is a header ({@code Name: value} lines: what the answer is, the sources it is read from, what is inferred,
 * the call it answers, how the client reads it, the simulator scenario that produces it and, as regular
 * expressions, the parts that are not Tapis's templates and may differ there: an SSH library's words), a {@code ---} line,
 * then the answer as on the wire: status line, {@code Content-Type}, a blank line and the body to the end of the
 * file. Only parsing lives here: neither the client's reading code nor the simulator's.
 *
 * @param readsAs  how the client must read it (see {@code TapisContractTest})
 * @param scenario the simulator scenario that produces it; null when the simulator does not (see {@code SimulatorContractTest})
 */
public record ContractAnswer(String file, String answer, List<String> sources, String call, String readsAs,
                             String scenario, List<String> varies, String statusLine, int status, String contentType,
                             String body) {

    private static final String DIRECTORY = "/tapis-contract";
    private static final String SEPARATOR = "---\n";

    /** Every answer of the corpus, by file name. */
    public static List<ContractAnswer> all() {
        URL directory = ContractAnswer.class.getResource(DIRECTORY);
        if (directory == null) {
            throw new IllegalStateException(DIRECTORY + " is not on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            return files.filter(f -> f.toString().endsWith(".http")).sorted().map(ContractAnswer::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer of the file with this name. */
    public static ContractAnswer named(String file) {
        return all().stream().filter(a -> a.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contract answer " + file));
    }

    static ContractAnswer read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int split = text.indexOf(SEPARATOR);
        if (split < 0) {
            throw new IllegalArgumentException(path + ": no '---' line between header and answer");
        }
        List<String> sources = new ArrayList<>();
        List<String> varies = new ArrayList<>();
        String answer = null;
        String call = null;
        String readsAs = null;
        String scenario = null;
        for (String line : text.substring(0, split).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon < 0) {
                throw new IllegalArgumentException(path + ": header line without 'Name: value': " + line);
            }
            String value = line.substring(colon + 2);
            switch (line.substring(0, colon)) {
                case "Answer" -> answer = value;
                case "Source" -> sources.add(value);
                case "Call" -> call = value;
                case "Reads-as" -> readsAs = value;
                case "Scenario" -> scenario = value;
                case "Varies" -> varies.add(value);
                case "Inferred" -> { }
                default -> throw new IllegalArgumentException(path + ": unknown header " + line);
            }
        }
        String wire = text.substring(split + SEPARATOR.length());
        int headersEnd = wire.indexOf("\n\n");
        String[] head = wire.substring(0, headersEnd).split("\n");
        String contentType = null;
        for (int i = 1; i < head.length; i++) {
            if (head[i].startsWith("Content-Type: ")) {
                contentType = head[i].substring("Content-Type: ".length());
            }
        }
        String fileName = path.getFileName().toString();
        if (answer == null || sources.isEmpty() || call == null || readsAs == null) {
            throw new IllegalArgumentException(fileName + ": Answer, Source, Call and Reads-as are required");
        }
        return new ContractAnswer(fileName, answer, List.copyOf(sources), call, readsAs, scenario, List.copyOf(varies),
                head[0],
                Integer.parseInt(head[0].split(" ")[1]), contentType, wire.substring(headersEnd + 2));
    }

    /** The words after the first of {@link #readsAs()}. */
    public List<String> readsAsArguments() {
        String[] words = readsAs.split(" ");
        return List.of(words).subList(1, words.length);
    }

    /** The first word of {@link #readsAs()}. */
    public String readsAsKind() {
        return readsAs.split(" ")[0];
    }

    @Override
    public String toString() {
        return file;
    }
}
