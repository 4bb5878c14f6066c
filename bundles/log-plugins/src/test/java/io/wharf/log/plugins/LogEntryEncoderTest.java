package io.wharf.log.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.wharf.api.log.LogEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogEntryEncoderTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void framesAnEntryAsGoProtobufWritesIt() {
        // source "stdout" (0a 06 ...), time_nano 1 (10 01), line "hi" (1a 02 ...), partial (20 01): 16 bytes
        byte[] frame = LogEntryEncoder.frame(new LogEntry("stdout", 1, "hi".getBytes(StandardCharsets.UTF_8), true));
        assertArrayEquals(hex("00000010 0a06 7374646f7574 1001 1a02 6869 2001"), frame);
    }

    @Test
    void leavesOutFieldsAtTheirDefaultsAndWritesLongVarints() {
        // 1_700_000_000_123_456_789 ns: a 9-byte varint; no line, not partial
        byte[] frame = LogEntryEncoder.frame(new LogEntry("stderr", 1_700_000_000_123_456_789L, new byte[0], false));
        assertArrayEquals(hex("00000012 0a06 737464657272 10 95 9a 97 ec e3 9f e7 cb 17"), frame);
    }

    @Test
    void negativeValuesTakeTenBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogEntryEncoder.varint(out, -1);
        assertArrayEquals(hex("ffffffffffffffffff01"), out.toByteArray());
    }

    @Test
    void lengthsOverOneByteAreVarintsToo() {
        byte[] line = new byte[300];
        byte[] frame = LogEntryEncoder.frame(new LogEntry("", 0, line, false));
        // 1a ac 02, then 300 bytes: 303 = 0x12f
        assertArrayEquals(hex("0000012f 1aac02"), java.util.Arrays.copyOf(frame, 7));
    }
}
