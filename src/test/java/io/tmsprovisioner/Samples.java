package io.tmsprovisioner;

import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.simulator.SimulatorState;
import io.tmsprovisioner.simulator.TapisSimulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static java.util.Map.entry;

/**
 * The tests' own copies of the samples (src/test/resources/fixtures), and what a clean run of them must record:
 * the tests' shared expectations. Copies, so that the shipped samples/ can change with the demo without breaking
 * these; ShippedSamplesTest runs the shipped ones.
 */
public final class Samples {
    public static final Path ONBOARDING = fixture("onboarding.csv");
    public static final Path RESET = fixture("reset.csv");
    public static final Path SIMULATOR_STATE = fixture("tapis-sim.json");
    public static final String ADMIN = "tms-admin";

    /** Line number → outcome of an establish run of {@link #ONBOARDING} on a fresh simulator. */
    public static final Map<Long, Outcome> ONBOARDING_OUTCOMES = Map.ofEntries(
            entry(3L, Outcome.ALREADY_PRESENT), entry(4L, Outcome.ALREADY_PRESENT), entry(5L, Outcome.ALREADY_PRESENT),
            entry(6L, Outcome.ALREADY_PRESENT), entry(7L, Outcome.CREATED), entry(8L, Outcome.CREATED),
            entry(9L, Outcome.CREATED), entry(10L, Outcome.CREATED), entry(11L, Outcome.CREATED),
            entry(14L, Outcome.ALREADY_PRESENT), entry(15L, Outcome.ALREADY_PRESENT), entry(16L, Outcome.CREATED),
            entry(17L, Outcome.CREATED), entry(18L, Outcome.ALREADY_PRESENT), entry(19L, Outcome.CREATED),
            entry(20L, Outcome.CREATED), entry(21L, Outcome.CREATED), entry(22L, Outcome.KEYS_REFUSED),
            entry(25L, Outcome.NOT_TMS), entry(26L, Outcome.NOT_TMS), entry(27L, Outcome.NOT_TMS),
            entry(30L, Outcome.FAILED), entry(31L, Outcome.FAILED), entry(32L, Outcome.REJECTED),
            entry(33L, Outcome.REJECTED), entry(34L, Outcome.DUPLICATE), entry(35L, Outcome.REJECTED),
            entry(36L, Outcome.REJECTED), entry(39L, Outcome.REMOVED), entry(40L, Outcome.CREATED),
            entry(41L, Outcome.RESET));

    /**
     * Key pairs an establish run of {@link #ONBOARDING} mints on a fresh simulator, each once: one per
     * CREATED and RESET row, and line 22's, KEYS_REFUSED: stored, and its host refuses them.
     */
    public static final int ONBOARDING_KEYS_MINTED = 13;

    private Samples() {
    }

    /** A file of src/test/resources/fixtures, from the test class path. */
    private static Path fixture(String name) {
        URL url = Samples.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("fixtures/" + name + " is missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SimulatorState state() {
        return SimulatorState.read(SIMULATOR_STATE);
    }

    public static TapisSimulator startSimulator() {
        return TapisSimulator.start(state());
    }

    public static String adminPassword() {
        return state().accounts().stream().filter(a -> a.username().equals(ADMIN)).findFirst().orElseThrow().password();
    }

    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
