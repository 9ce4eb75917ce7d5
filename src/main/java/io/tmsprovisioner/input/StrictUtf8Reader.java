package io.tmsprovisioner.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly, drops a leading BOM, and knows the physical line it is decoding, so a bad
 * byte is reported on its own line even though readers above it buffer ahead. Also caps the length
 * of a physical line: a file without line breaks must not be read into memory whole.
 */
final class StrictUtf8Reader extends Reader {

    static final int MAX_LINE_CHARS = 65_536;

    /** A problem in the text itself, at a known physical line. */
    static final class BadTextException extends IOException {
        private final long line;

        BadTextException(long line, String message) {
            super(message);
            this.line = line;
        }

        long line() {
            return line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private boolean endOfBytes;
    private boolean finished;
    private boolean atStart = true;
    private long line = 1;
    private int lineLength;
    private boolean afterCarriageReturn;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (finished) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        return n;
    }

    private void decodeMore() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !finished) {
            CoderResult result = decoder.decode(bytes, chars, endOfBytes);
            if (result.isError()) {
                track(); // the lines before the bad bytes
                throw new BadTextException(line, "the file is not valid UTF-8 (bad byte sequence on this line); save it as UTF-8");
            }
            if (result.isUnderflow()) {
                if (endOfBytes) {
                    decoder.flush(chars);
                    finished = true;
                } else {
                    readBytes();
                }
            }
        }
        track();
        chars.flip();
        if (atStart && chars.hasRemaining()) {
            atStart = false;
            if (chars.get(0) == '\uFEFF') {
                chars.get();
            }
        }
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfBytes = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    /** Counts line breaks as BufferedReader does (LF, CRLF or a lone CR), so lines agree with opencsv's. */
    private void track() throws BadTextException {
        for (int i = 0; i < chars.position(); i++) {
            char c = chars.get(i);
            if (c == '\r' || (c == '\n' && !afterCarriageReturn)) {
                line++;
                lineLength = 0;
            } else if (c != '\n' && ++lineLength > MAX_LINE_CHARS) {
                throw new BadTextException(line, "the line is longer than " + MAX_LINE_CHARS
                        + " characters; is this really a CSV file of user names and system ids?");
            }
            afterCarriageReturn = c == '\r';
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
