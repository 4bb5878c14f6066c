package io.wharf.containers.logs;

import io.wharf.api.runtime.StreamType;
import io.wharf.support.Times;

/**
 * One line of a CRI log file ({@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}), as a view into the reader's
 * buffer: valid only during the callback. The timestamp is parsed on demand, since most reads never need it.
 */
public final class CriRecord {
    byte[] buffer;
    int timestampOffset;
    int timestampLength;
    StreamType stream;
    boolean partial;
    int contentOffset;
    int contentLength;
    private long epochNanos;
    private boolean parsed;

    void reset(byte[] buffer, int timestampOffset, int timestampLength, StreamType stream, boolean partial,
               int contentOffset, int contentLength) {
        this.buffer = buffer;
        this.timestampOffset = timestampOffset;
        this.timestampLength = timestampLength;
        this.stream = stream;
        this.partial = partial;
        this.contentOffset = contentOffset;
        this.contentLength = contentLength;
        this.parsed = false;
    }

    public StreamType stream() {
        return stream;
    }

    /** P: the line continues in the next record of the same stream; F: the line ends here. */
    public boolean partial() {
        return partial;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int contentOffset() {
        return contentOffset;
    }

    public int contentLength() {
        return contentLength;
    }

    public long epochNanos() {
        if (!parsed) {
            epochNanos = Times.parseEpochNanos(buffer, timestampOffset, timestampLength);
            parsed = true;
        }
        return epochNanos;
    }

    /** Whether the stored timestamp is already in Docker's fixed nine-digit UTC form and can be copied as is. */
    boolean timestampIsFixedFormat() {
        return timestampLength == 30 && buffer[timestampOffset + 19] == '.'
                && buffer[timestampOffset + 29] == 'Z';
    }

    /** Parses one line (without its newline); false for a line that is not a CRI record. */
    static boolean parse(byte[] b, int off, int len, CriRecord into) {
        int end = off + len;
        int sp1 = indexOf(b, off, end, (byte) ' ');
        if (sp1 < 0) {
            return false;
        }
        int sp2 = indexOf(b, sp1 + 1, end, (byte) ' ');
        if (sp2 < 0) {
            return false;
        }
        StreamType stream;
        int streamLen = sp2 - sp1 - 1;
        if (streamLen == 6 && b[sp1 + 1] == 's' && b[sp1 + 4] == 'o') {
            stream = StreamType.STDOUT; // "stdout"
        } else if (streamLen == 6 && b[sp1 + 1] == 's' && b[sp1 + 4] == 'e') {
            stream = StreamType.STDERR; // "stderr"
        } else {
            return false;
        }
        int tagStart = sp2 + 1;
        int sp3 = indexOf(b, tagStart, end, (byte) ' ');
        int tagEnd = sp3 < 0 ? end : sp3;
        if (tagEnd == tagStart) {
            return false;
        }
        // The tag may carry more flags separated by ':'; the first one is F or P.
        boolean partial = b[tagStart] == 'P';
        int contentStart = sp3 < 0 ? end : sp3 + 1;
        into.reset(b, off, sp1 - off, stream, partial, contentStart, end - contentStart);
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
