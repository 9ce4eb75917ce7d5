package io.tmsprovisioner.input;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of an input file's bytes, every byte (BOM, line ends, comments included): the content's
 * part of a job instance's identity, taken while the input is read ({@link #tap}).
 */
public final class ContentHash {
    private final MessageDigest digest;

    public ContentHash() {
        digest = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks SHA-256", e);
        }
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
