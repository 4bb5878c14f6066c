package io.wharf.builder.exec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The build context's (decompressed) tar as it streamed in, kept so that it can be unpacked later, and only if a
 * step needs the files: in memory up to a threshold, beyond it in a temporary file (written once, never synced:
 * it dies with the build).
 */
final class ContextSpool extends OutputStream {
    static final int DEFAULT_MEMORY_LIMIT = 8 << 20;

    private final Path directory;
    private final int memoryLimit;
    private byte[] memory = new byte[65536];
    private int used;
    private Path file;
    private OutputStream fileOut;

    ContextSpool(Path directory, int memoryLimit) {
        this.directory = directory;
        this.memoryLimit = memoryLimit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && used + len > memoryLimit) {
            file = Files.createTempFile(directory, "context-", ".tar");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, used);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        if (used + len > memory.length) {
            memory = Arrays.copyOf(memory, Math.min(memoryLimit, Math.max(used + len, memory.length * 2)));
        }
        System.arraycopy(b, off, memory, used, len);
        used += len;
    }

    /** Ends writing; the spool can then be read any number of times. */
    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
    }

    /** Whether the content went to a file (it outgrew the memory limit). */
    boolean onDisk() {
        return file != null;
    }

    InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory, 0, used);
    }

    /** Frees the memory or deletes the file. */
    void discard() throws IOException {
        close();
        memory = null;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
