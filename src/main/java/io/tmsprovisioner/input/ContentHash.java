package io.tmsprovisioner.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of an input file's bytes, every byte (BOM, line ends, comments included): the content's
 * part of a job instance's identity. Taken while the input is read ({@link #tap}), or on its own ({@link #of}).
 */
public final class ContentHash {
    private final MessageDigest digest;

    public ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks SHA-256", e);
        }
    }

    /** The file's bytes, as they are now. */
    public static String of(Path file) {
        ContentHash hash = new ContentHash();
        try (InputStream bytes = hash.tap(Files.newInputStream(file))) {
            bytes.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return hash.hex();
    }

    /** {@code bytes}, with every byte read through it added to the hash. */
    public InputStream tap(InputStream bytes) {
        return new DigestInputStream(bytes, digest);
    }

    /** The hash of the bytes read so far, in lower-case hex. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
