package io.wharf.log.plugins;

import io.wharf.api.log.LogEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frames of a log plugin's stream, as moby's logdriver encoder writes them: a 4-byte big-endian length, then
 * the protobuf {@code LogEntry} {source = 1, time_nano = 2, line = 3, partial = 4}. proto3 leaves out fields at
 * their defaults (an empty string, 0, false), so a reader sees exactly what Go's marshaller writes.
 */
final class LogEntryEncoder {
    private static final int STRING = 2;
    private static final int VARINT = 0;

    private LogEntryEncoder() {
    }

    static byte[] frame(LogEntry entry) {
        ByteArrayOutputStream message = new ByteArrayOutputStream(entry.line().length + 32);
        byte[] source = entry.source().getBytes(StandardCharsets.UTF_8);
        if (source.length > 0) {
            bytesField(message, 1, source);
        }
        if (entry.timeNanos() != 0) {
            tag(message, 2, VARINT);
            varint(message, entry.timeNanos());
        }
        if (entry.line().length > 0) {
            bytesField(message, 3, entry.line());
        }
        if (entry.partial()) {
            tag(message, 4, VARINT);
            varint(message, 1);
        }
        byte[] body = message.toByteArray();
        return java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
        tag(out, field, STRING);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void tag(ByteArrayOutputStream out, int field, int wireType) {
        varint(out, (long) field << 3 | wireType);
    }

    /** Base 128, least significant group first; a negative int64 takes ten bytes, as in Go. */
    static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
