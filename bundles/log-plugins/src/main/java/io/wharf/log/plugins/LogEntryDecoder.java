package io.wharf.log.plugins;

import io.wharf.api.log.LogEntry;
import io.wharf.api.log.LogEntryReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frames of a plugin's {@code LogDriver.ReadLogs} answer, as moby's logdriver decoder: a 4-byte
 * big-endian length, then a protobuf {@code LogEntry} {source = 1, time_nano = 2, line = 3, partial = 4}; other
 * fields (partial_log_metadata = 5) are skipped, as protobuf readers do. The stream's end between frames is the end.
 */
final class LogEntryDecoder implements LogEntryReader {
    /** moby's decoder refuses a frame over 1 MiB (logdriver's maxMsgLen); so does this one. */
    static final int MAX_FRAME = 1 << 20;
    private final DataInputStream in;

    LogEntryDecoder(InputStream in) {
        this.in = new DataInputStream(in);
    }

    @Override
    public LogEntry next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int size = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        if (size < 0 || size > MAX_FRAME) {
            throw new IOException("error decoding log message: a log entry of " + (size & 0xFFFFFFFFL)
                    + " bytes is over the limit of " + MAX_FRAME);
        }
        byte[] message = new byte[size];
        in.readFully(message);
        return decode(message);
    }

    static LogEntry decode(byte[] b) throws IOException {
        String source = "";
        long timeNanos = 0;
        byte[] line = new byte[0];
        boolean partial = false;
        int[] pos = {0};
        while (pos[0] < b.length) {
            long key = varint(b, pos);
            int field = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> {
                    long value = varint(b, pos);
                    if (field == 2) {
                        timeNanos = value;
                    } else if (field == 4) {
                        partial = value != 0;
                    }
                }
                case 2 -> {
                    long length = varint(b, pos);
                    if (length < 0 || length > b.length - pos[0]) {
                        throw new EOFException("error decoding log message: a field runs past its entry");
                    }
                    int start = pos[0];
                    pos[0] += (int) length;
                    if (field == 1) {
                        source = new String(b, start, (int) length, StandardCharsets.UTF_8);
                    } else if (field == 3) {
                        line = java.util.Arrays.copyOfRange(b, start, pos[0]);
                    }
                }
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                default -> throw new IOException("error decoding log message: wire type " + (key & 7));
            }
        }
        if (pos[0] > b.length) {
            throw new EOFException("error decoding log message: a field runs past its entry");
        }
        return new LogEntry(source, timeNanos, line, partial);
    }

    private static long varint(byte[] b, int[] pos) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new EOFException("error decoding log message: a varint runs past its entry");
            }
            int next = b[pos[0]++];
            value |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("error decoding log message: a varint is too long");
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the call is over either way
        }
    }
}
