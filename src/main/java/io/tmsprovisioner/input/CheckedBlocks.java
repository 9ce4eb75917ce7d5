package io.tmsprovisioner.input;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The bytes of a file read again after {@link OpenedContent} hashed it: each block is read whole and handed on
 * only once its hash is the one taken at open; at the length hashed then, the file must end.
 */
final class CheckedBlocks extends InputStream {
    private final OpenedContent content;
    private final InputStream in;
    private final MessageDigest digest = ContentHash.sha256();
    private final byte[] block = new byte[OpenedContent.BLOCK_BYTES];
    private long blockIndex = -1;
    private long blockStart;
    private int blockLength;
    private int position;
    private boolean ended;

    CheckedBlocks(OpenedContent content, InputStream in) {
        this.content = content;
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return position < blockLength || nextBlock() ? block[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == blockLength && !nextBlock()) {
            return -1;
        }
        int n = Math.min(length, blockLength - position);
        System.arraycopy(block, position, target, offset, n);
        position += n;
        return n;
    }

    /** Reads and checks the next block; false at the end of the content. */
    private boolean nextBlock() throws IOException {
        if (ended) {
            return false;
        }
        long start = blockStart + blockLength;
        int expected = (int) Math.min(OpenedContent.BLOCK_BYTES, content.length() - start);
        if (expected == 0) {
            ended = true;
            if (in.read() >= 0) {
                throw changed("it grew past the " + content.length() + " bytes the run started with");
            }
            return false;
        }
        int n = in.readNBytes(block, 0, expected);
        if (n < expected) {
            throw changed("it ends at byte " + (start + n) + ", before the " + content.length()
                    + " bytes the run started with");
        }
        digest.update(block, 0, n);
        if (!content.isBlock(++blockIndex, digest.digest())) {
            throw changed("its bytes " + start + " to " + (start + n - 1) + " are not those the run started with");
        }
        blockStart = start;
        blockLength = n;
        position = 0;
        return true;
    }

    private InputChangedException changed(String change) {
        return new InputChangedException(content.file(), change);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
