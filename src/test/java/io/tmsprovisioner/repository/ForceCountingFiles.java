package io.tmsprovisioner.repository;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An H2 file system ({@code jdbc:h2:forcecount:/path}) over the real one that counts how often H2 forces
 * a file to the disk ({@link FileChannel#force}): what a power loss cannot undo. Public: H2 makes one
 * instance per path by reflection.
 */
public final class ForceCountingFiles extends FilePathWrapper {
    static final String SCHEME = "forcecount";
    private static final AtomicLong FORCES = new AtomicLong();

    static {
        FilePath.register(new ForceCountingFiles());
    }

    /** Forces so far, of every file opened through this file system; registers it on first use. */
    static long forces() {
        return FORCES.get();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Counted(super.open(mode));
    }

    private static final class Counted extends FileBase {
        private final FileChannel file;

        Counted(FileChannel file) {
            this.file = file;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            FORCES.incrementAndGet();
            file.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return file.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return file.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
