package io.tmsprovisioner.report;

import java.io.IOException;
import java.io.Writer;

/** A writer that takes {@code room} characters, then fails as a full disk does. */
public final class FullDisk extends Writer {
    private int room;

    public FullDisk(int room) {
        this.room = room;
    }

    @Override
    public void write(char[] text, int offset, int length) throws IOException {
        if (length > room) {
            room = 0;
            throw new IOException("No space left on device");
        }
        room -= length;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
