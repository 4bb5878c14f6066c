package com.example.wharf.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.events.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void writesOneJsonLinePerEvent() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            log.append(new Event("image", "tag", "sha256:ab", Map.of("name", "busybox:\"x\""), 42));
            log.append(new Event("container", "start", "c1", Map.of(), 43));
        }
        assertEquals("""
                {"time":42,"type":"image","action":"tag","actor":"sha256:ab","attributes":{"name":"busybox:\\"x\\""}}
                {"time":43,"type":"container","action":"start","actor":"c1","attributes":{}}
                """, Files.readString(file));
    }
}
