package io.tmsprovisioner.cli;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputFileException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads the whole input once before the job starts, so that a file that cannot be used (bad header,
 * bad encoding) is a usage error and not a job that fails half-way, and fingerprints its content.
 *
 * @param sha256 the content's hash: part of the job instance's identity
 * @param rows   how many data rows it has
 */
record InputCheck(String sha256, long rows) {

    static InputCheck of(Path file, Action defaultAction) {
        long rows = 0;
        try (CsvInput input = CsvInput.open(file, defaultAction)) {
            while (input.next() != null) {
                rows++;
            }
        } catch (InputFileException e) {
            throw new UsageException(e.getMessage());
        }
        return new InputCheck(sha256(file), rows);
    }

    private static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UsageException("Cannot read the input " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks SHA-256", e);
        }
    }
}
