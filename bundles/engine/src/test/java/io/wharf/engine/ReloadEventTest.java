package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.events.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReloadEventTest {
    @Test
    void attributesAreTheLiveKeysAsDockerdWritesThem() {
        Event e = ReloadEvent.of(List.of("a=b", "c=d"), true, List.of(), List.of("reg.local:5000"));
        assertEquals("daemon", e.type());
        assertEquals("reload", e.action());
        assertEquals(Map.of("labels", "[a=b, c=d]", "debug", "true", "registry-mirrors", "[]",
                "insecure-registries", "[reg.local:5000]"), e.attributes());
    }
}
