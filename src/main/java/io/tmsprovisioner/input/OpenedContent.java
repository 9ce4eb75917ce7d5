package io.tmsprovisioner.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An input file's content as a run found it when it opened the file: its SHA-256 (the job instance's
 * identity), its length, and the SHA-256 of each block of {@value #BLOCK_BYTES} bytes. The run then reads the
 * file again through {@link #checked}, which hands on a block only once it is the block hashed here, and nothing
 * past the length hashed here: a row is carried out only if its bytes are the instance's, without the file
 * being read again for every row. Bytes already handed on may change afterwards: the rows read from them were
 * the instance's.
 */
public final class OpenedContent {
    static final int BLOCK_BYTES = 64 * 1024;
    private static final int HASH_BYTES = 32;

    private final Path file;
    private final String sha256;
    private final long length;
    private final byte[] blockHashes;

    private OpenedContent(Path file, String sha256, long length, byte[] blockHashes) {
        this.file = file;
        this.sha256 = sha256;
        this.length = length;
        this.blockHashes = blockHashes;
    }

    /** Reads the file once, as it is now. */
    public static OpenedContent of(Path file) {
        ContentHash whole = new ContentHash();
        MessageDigest block = ContentHash.sha256();
        ByteArrayOutputStream blockHashes = new ByteArrayOutputStream();
        byte[] buffer = new byte[BLOCK_BYTES];
        long length = 0;
        try (InputStream bytes = whole.tap(Files.newInputStream(file))) {
            for (int n; (n = bytes.readNBytes(buffer, 0, BLOCK_BYTES)) > 0; length += n) {
                block.update(buffer, 0, n);
                blockHashes.writeBytes(block.digest());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new OpenedContent(file, whole.hex(), length, blockHashes.toByteArray());
    }

    /** The SHA-256 of the content, in lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /**
     * {@code bytes}, the file read again from its start, checked block by block against this content.
     * Its reads throw {@link InputChangedException} when a block differs, the file ends early, or it goes
     * on past this content's length.
     */
    public InputStream checked(InputStream bytes) {
        return new CheckedBlocks(this, bytes);
    }

    Path file() {
        return file;
    }

    long length() {
        return length;
    }

    boolean isBlock(long index, byte[] hash) {
        int from = Math.toIntExact(index * HASH_BYTES);
        return Arrays.equals(blockHashes, from, from + HASH_BYTES, hash, 0, HASH_BYTES);
    }
}
