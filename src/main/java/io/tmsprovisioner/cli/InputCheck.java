package io.tmsprovisioner.cli;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputFileException;

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
        MessageDigest sha256 = newSha256();
        long rows = 0;
        // one pass: the digest sees every byte the reader reads, and the reader reads to the end
        try (CsvInput input = CsvInput.open(file, defaultAction, bytes -> new DigestInputStream(bytes, sha256))) {
            while (input.next() != null) {
                rows++;
            }
        } catch (InputFileException e) {
            throw new UsageException(e.getMessage());
        }
        return new InputCheck(HexFormat.of().formatHex(sha256.digest()), rows);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks SHA-256", e);
        }
    }
}
