package io.wharf.containers.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Splits a CRI log file into records with one large buffer and a byte scan (no regular expressions, no
 * per-line objects). Bytes after the last newline stay buffered until the writer completes the line.
 */
public final class CriLogReader {
    private static final int INITIAL_BUFFER = 1 << 20;

    /** Receives each record; the record is only valid during the call. */
    @FunctionalInterface
    public interface Handler {
        /** Returns false to stop reading. */
        boolean onRecord(CriRecord record, long lineOffset) throws IOException;
    }

    /** Bytes of a log from a position on, as {@link FileChannel#read(ByteBuffer, long)}: -1 or 0 at the end. */
    @FunctionalInterface
    public interface Source {
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private byte[] buffer;
    private int start;
    private int end;
    private long bufferFileOffset; // file offset of buffer[start]
    private final CriRecord record = new CriRecord();

    public CriLogReader(long position) {
        this(position, INITIAL_BUFFER);
    }

    /** @param initialBuffer bytes read at once; the buffer grows for a longer line */
    public CriLogReader(long position, int initialBuffer) {
        this.bufferFileOffset = position;
        this.buffer = new byte[initialBuffer];
    }

    /** The file offset up to which complete lines have been handed out. */
    public long position() {
        return bufferFileOffset;
    }

    /** Forgets buffered bytes and continues at {@code position} (after truncation or rotation). */
    public void reset(long position) {
        start = 0;
        end = 0;
        bufferFileOffset = position;
    }

    /**
     * Reads from the channel (at {@link #position()} plus what is buffered) to its end, handing out complete
     * lines. Returns false when the handler asked to stop.
     */
    public boolean readToEnd(FileChannel channel, Handler handler) throws IOException {
        return readToEnd((Source) channel::read, handler);
    }

    /** As {@link #readToEnd(FileChannel, Handler)}, from any source (a gzipped rotated file). */
    public boolean readToEnd(Source channel, Handler handler) throws IOException {
        while (true) {
            if (end == buffer.length) {
                compactOrGrow();
            }
            int n = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end), bufferFileOffset + (end - start));
            if (n <= 0) {
                return true;
            }
            end += n;
            if (!dispatch(handler)) {
                return false;
            }
        }
    }

    private boolean dispatch(Handler handler) throws IOException {
        byte[] b = buffer;
        int lineStart = start;
        for (int i = start; i < end; i++) {
            if (b[i] == '\n') {
                long lineOffset = bufferFileOffset + (lineStart - start);
                boolean keepGoing = true;
                if (CriRecord.parse(b, lineStart, i - lineStart, record)) {
                    keepGoing = handler.onRecord(record, lineOffset);
                }
                lineStart = i + 1;
                if (!keepGoing) {
                    advance(lineStart);
                    return false;
                }
            }
        }
        advance(lineStart);
        return true;
    }

    private void advance(int newStart) {
        bufferFileOffset += newStart - start;
        start = newStart;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private void compactOrGrow() {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        } else {
            byte[] bigger = new byte[buffer.length * 2];
            System.arraycopy(buffer, 0, bigger, 0, end);
            buffer = bigger;
        }
    }
}
