package io.wharf.builder.exec;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The build context's (decompressed) tar as it streamed in, kept so that it can be unpacked later, and only if a
 * step needs the files: in memory up to a threshold, beyond it in a temporary file (written once, never synced:
 * it dies with the build).
 */
final class ContextSpool extends OutputStream {
    static final int DEFAULT_MEMORY_LIMIT = 8 << 20;
    /** Memory is kept in chunks of this size, never copied to grow. */
    private static final int CHUNK = 64 << 10;

    private final Path directory;
    private final int memoryLimit;
    private List<byte[]> chunks = new ArrayList<>();
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
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), CHUNK);
            try (InputStream held = open()) {
                held.transferTo(fileOut);
            }
            chunks = null;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
            return;
        }
        while (len > 0) {
            int inChunk = used % CHUNK;
            if (inChunk == 0) {
                chunks.add(new byte[CHUNK]);
            }
            int n = Math.min(len, CHUNK - inChunk);
            System.arraycopy(b, off, chunks.get(chunks.size() - 1), inChunk, n);
            used += n;
            off += n;
            len -= n;
        }
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
        if (file != null && chunks == null) {
            return Files.newInputStream(file);
        }
        List<InputStream> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(new ByteArrayInputStream(chunks.get(i), 0, Math.min(CHUNK, used - i * CHUNK)));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** Frees the memory or deletes the file. */
    void discard() throws IOException {
        close();
        chunks = null;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
