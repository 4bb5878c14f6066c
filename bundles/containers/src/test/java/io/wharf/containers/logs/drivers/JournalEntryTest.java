package io.wharf.containers.logs.drivers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void plainFieldsAreKeyEqualsValueLines() {
        byte[] entry = new JournalEntry().field("MESSAGE", "hello").field("PRIORITY", "6").toBytes();
        assertEquals("MESSAGE=hello\nPRIORITY=6\n", new String(entry, StandardCharsets.UTF_8));
    }

    @Test
    void aValueWithNewlinesIsLengthPrefixedAndBinarySafe() {
        byte[] value = {'a', '\n', 0, (byte) 0xff, '='};
        byte[] entry = new JournalEntry().field("MESSAGE", value).field("X", "y").toBytes();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("MESSAGE\n".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {5, 0, 0, 0, 0, 0, 0, 0}); // little-endian 64-bit length
        expected.writeBytes(value);
        expected.writeBytes("\nX=y\n".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected.toByteArray(), entry);
    }

    @Test
    void keysAreSanitizedAsMobyDoes() {
        assertEquals("COM_EXAMPLE_VERSION", JournalEntry.sanitizeKey("com.example-version"));
        assertEquals("FOO_BAR", JournalEntry.sanitizeKey("_foo.bar"));
        assertEquals("A1", JournalEntry.sanitizeKey("__a1"));
    }

    @Test
    void anEntryCarriesTheContainersFields() {
        LogSource source = new LogSource(ID, "web", "sha256:" + "f".repeat(64), "busybox:latest", "sh -c x", "h",
                Map.of("com.example.team", "blue", "other", "no"), List.of("REGION=eu", "SECRET=s"),
                Map.of("tag", "{{.Name}}/{{.ID}}", "labels", "com.example.team", "env", "REGION"));
        JournaldSink sink = new JournaldSink(null, JournaldSink.fields(source), ZoneOffset.UTC);
        String stderr = new String(sink.encode(new LogMessage(true, "boom".getBytes(StandardCharsets.UTF_8),
                1_700_000_000_123_456_789L, true)), StandardCharsets.UTF_8);
        String stdout = new String(sink.encode(new LogMessage(false, "ok".getBytes(StandardCharsets.UTF_8),
                1_700_000_000_000_000_000L, false)), StandardCharsets.UTF_8);
        for (String field : List.of("MESSAGE=boom\n", "PRIORITY=3\n", "CONTAINER_ID=0123456789ab\n",
                "CONTAINER_ID_FULL=" + ID + "\n", "CONTAINER_NAME=web\n", "CONTAINER_TAG=web/0123456789ab\n",
                "IMAGE_NAME=busybox:latest\n", "SYSLOG_IDENTIFIER=web/0123456789ab\n", "COM_EXAMPLE_TEAM=blue\n",
                "REGION=eu\n", "SYSLOG_TIMESTAMP=2023-11-14T22:13:20.123456789Z\n",
                "CONTAINER_PARTIAL_MESSAGE=true\n", "CONTAINER_LOG_ORDINAL=1\n")) {
            assertEquals(true, stderr.contains(field), field + " in " + stderr);
        }
        assertEquals(false, stderr.contains("SECRET") || stderr.contains("OTHER"), "only the chosen ones");
        assertEquals(true, stdout.contains("PRIORITY=6\n") && stdout.contains("CONTAINER_LOG_ORDINAL=2\n")
                && stdout.contains("SYSLOG_TIMESTAMP=2023-11-14T22:13:20Z\n")
                && !stdout.contains("CONTAINER_PARTIAL_MESSAGE"), stdout);
        assertEquals(true, stderr.startsWith("MESSAGE=boom\nPRIORITY=3\n"), stderr);
    }
}
