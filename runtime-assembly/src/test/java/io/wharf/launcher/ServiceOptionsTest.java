package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What running as a service adds to the launcher: --validate, log-format, the Docker compatibility socket. */
class ServiceOptionsTest {
    @TempDir
    Path dir;

    private DaemonOptions parse(String json, String... flags) throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        String[] args = new String[flags.length + 2];
        args[0] = "--config-file";
        args[1] = file.toString();
        System.arraycopy(flags, 0, args, 2, flags.length);
        return DaemonOptions.parse(args);
    }

    @Test
    void validateChecksTheFileAndNamesTheBadKey() throws Exception {
        assertTrue(parse("{\"log-format\": \"json\"}", "--validate").validateOnly);
        assertFalse(parse("{}").validateOnly);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"no-such-key\": 1}", "--validate"));
        assertTrue(unknown.getMessage().contains("no-such-key"), unknown.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"log-format\": \"xml\"}", "--validate"));
        assertTrue(format.getMessage().contains("log-format"), format.getMessage());
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"log-level\": \"loud\"}", "--validate"));
        assertTrue(level.getMessage().contains("log-level"), level.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"docker-compat-socket\": \"yes\"}", "--validate"));
        assertTrue(type.getMessage().contains("docker-compat-socket"), type.getMessage());
    }

    @Test
    void compatSocketIsAddedToTheConfiguredOrDefaultListeners() throws Exception {
        String compat = "unix://" + CompatSocket.PATH;
        assertArrayEquals(new String[] {DaemonConfigurations.DEFAULT_HOST, compat}, hosts(Map.of(CompatSocket.KEY,
                true)));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hosts", java.util.List.of("fd://"));
        values.put(CompatSocket.KEY, true);
        assertArrayEquals(new String[] {"fd://", compat}, hosts(values));
        values.put(CompatSocket.KEY, false);
        assertArrayEquals(new String[] {"fd://"}, hosts(values));
        assertEquals(null, DaemonConfigurations.of(Map.of(), 0).get(DaemonConfigurations.API).get("hosts"));
    }

    private static String[] hosts(Map<String, Object> values) {
        return (String[]) DaemonConfigurations.of(values, 0).get(DaemonConfigurations.API).get("hosts");
    }

    @Test
    void compatSocketNeverReplacesAnotherDaemonsSocketOrAFile() throws Exception {
        Path sock = dir.resolve("docker.sock");
        assertDoesNotThrow(() -> CompatSocket.checkFree(sock));
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(sock));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CompatSocket.checkFree(sock));
            assertTrue(e.getMessage().contains("another daemon listens"), e.getMessage());
        }
        assertTrue(Files.exists(sock), "a dead socket stays until the API server replaces it");
        assertDoesNotThrow(() -> CompatSocket.checkFree(sock));
        Files.delete(sock);
        Files.writeString(sock, "not a socket");
        assertThrows(IllegalArgumentException.class, () -> CompatSocket.checkFree(sock));
        Files.delete(sock);
        Files.createSymbolicLink(sock, dir.resolve("elsewhere.sock"));
        assertThrows(IllegalArgumentException.class, () -> CompatSocket.checkFree(sock));
    }

    @Test
    void jsonLogLinesKeepTheBackendsFieldsAndWrapEverythingElse() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonLogLines json = new JsonLogLines(out)) {
            json.write(("2026-12-05T06:00:00.000Z [WARN] ApiServer - a \"quoted\" warning\n"
                    + "\tat some.Frame(Frame.java:1)\r\n\n"
                    + "wharfd: plain").getBytes(StandardCharsets.UTF_8));
            json.write('\n');
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals(Map.of("level", "warning", "msg", "a \"quoted\" warning", "time", "2026-12-05T06:00:00.000Z",
                "logger", "ApiServer"), object(lines[0]));
        Map<String, String> frame = object(lines[1]);
        assertEquals("warning", frame.get("level"), "a stack trace line keeps its record's level");
        assertEquals("\tat some.Frame(Frame.java:1)", frame.get("msg"));
        assertEquals("wharfd: plain", object(lines[2]).get("msg"));
        assertTrue(object(lines[2]).containsKey("time"));
    }

    private static Map<String, String> object(String line) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, p.getText());
            }
        }
        return fields;
    }
}
