package io.wharf.containers.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * One open file of a container's log, plain or gzipped. Being open, it stays readable when rotation renames,
 * compresses or deletes it.
 */
public final class LogSegment implements Closeable {
    private final FileChannel channel;
    private final boolean gzip;
    private final Object key;
    private final long generation;

    private LogSegment(FileChannel channel, boolean gzip, Object key, long generation) {
        this.channel = channel;
        this.gzip = gzip;
        this.key = key;
        this.generation = generation;
    }

    /** Opens the file, or its gzipped form when rotation compressed it meanwhile; null when neither is there. */
    static LogSegment open(Path file, long generation) throws IOException {
        Object key = LogFiles.key(file);
        try {
            return new LogSegment(FileChannel.open(file, StandardOpenOption.READ), LogFiles.isCompressed(file), key,
                    generation);
        } catch (NoSuchFileException e) {
            if (LogFiles.isCompressed(file)) {
                return null;
            }
            Path gz = file.resolveSibling(file.getFileName() + ".gz");
            try {
                return new LogSegment(FileChannel.open(gz, StandardOpenOption.READ), true, LogFiles.key(gz),
                        generation);
            } catch (NoSuchFileException gone) {
                return null;
            }
        }
    }

    /** The generation number (see {@link LogFiles}), -1 for the live file opened by its name. */
    long generation() {
        return generation;
    }

    /**
     * The identity of the file opened (its plain form's for a plain file). Only compare it with files held open:
     * a deleted file's inode number is reused.
     */
    Object key() {
        return key;
    }

    boolean compressed() {
        return gzip;
    }

    /** Plain files only: how many bytes there are now; -1 when unknown. */
    long size() {
        try {
            return gzip ? -1 : channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A reader of the segment's (decompressed) bytes from its start; only one at a time for a gzipped one. */
    CriLogReader.Source source() throws IOException {
        if (!gzip) {
            return channel::read;
        }
        channel.position(0);
        InputStream in = new GZIPInputStream(Channels.newInputStream(channel), 64 * 1024);
        long[] consumed = {0};
        return (dst, position) -> {
            // sequential: a position ahead of the stream is reached by skipping (the start of a tail)
            while (consumed[0] < position) {
                long skipped = in.skip(position - consumed[0]);
                if (skipped <= 0) {
                    return -1;
                }
                consumed[0] += skipped;
            }
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
                consumed[0] += n;
            }
            return n;
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
