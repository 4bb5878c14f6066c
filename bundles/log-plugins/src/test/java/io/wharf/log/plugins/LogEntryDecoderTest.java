package io.wharf.log.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.log.LogEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogEntryDecoderTest {
    @Test
    void readsWhatTheEncoderWritesFrameByFrame() throws IOException {
        LogEntry[] entries = {
            new LogEntry("stdout", 1_764_936_000_123_456_789L, bytes("hello"), false),
            new LogEntry("stderr", 1_764_936_001_000_000_000L, bytes("a long line, first piece"), true),
            new LogEntry("stdout", 0, new byte[0], false), // proto3 leaves defaults out: an empty message
        };
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (LogEntry e : entries) {
            stream.writeBytes(LogEntryEncoder.frame(e));
        }
        try (LogEntryDecoder decoder = new LogEntryDecoder(new ByteArrayInputStream(stream.toByteArray()))) {
            for (LogEntry expected : entries) {
                LogEntry got = decoder.next();
                assertEquals(expected.source(), got.source());
                assertEquals(expected.timeNanos(), got.timeNanos());
                assertArrayEquals(expected.line(), got.line());
                assertEquals(expected.partial(), got.partial());
            }
            assertNull(decoder.next());
        }
    }

    @Test
    void skipsFieldsItDoesNotKnow() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(new byte[] {0x0a, 6});
        message.writeBytes(bytes("stdout"));
        message.writeBytes(new byte[] {0x2a, 4, 0x0a, 2, 'i', 'd'}); // partial_log_metadata {id = "id"}
        message.writeBytes(new byte[] {0x1a, 2, 'o', 'k'});
        LogEntry entry = LogEntryDecoder.decode(message.toByteArray());
        assertEquals("stdout", entry.source());
        assertEquals("ok", new String(entry.line(), StandardCharsets.UTF_8));
    }

    @Test
    void refusesBrokenFrames() {
        byte[] huge = ByteBuffer.allocate(4).putInt(LogEntryDecoder.MAX_FRAME + 1).array();
        IOException tooBig = assertThrows(IOException.class, () -> new LogEntryDecoder(new ByteArrayInputStream(huge))
                .next());
        assertTrue(tooBig.getMessage().contains("over the limit"), tooBig.getMessage());
        byte[] cut = {0, 0, 0, 9, 0x0a, 6, 's'};
        assertThrows(IOException.class, () -> new LogEntryDecoder(new ByteArrayInputStream(cut)).next());
        assertThrows(IOException.class, () -> LogEntryDecoder.decode(new byte[] {0x1a, 9, 'x'}));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
