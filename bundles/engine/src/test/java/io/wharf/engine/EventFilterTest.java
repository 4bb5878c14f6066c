package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.events.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    static final Event START = new Event("container", "start", "abc123def",
            Map.of("name", "web", "image", "docker.io/library/busybox:1.36", "tier", "front"), 1);
    static final Event EXEC = new Event("container", "exec_start: sh -c ls", "abc123def", Map.of("name", "web"), 2);
    static final Event PULL = new Event("image", "pull", "busybox:latest", Map.of("name", "busybox"), 3);
    static final Event NETWORK = new Event("network", "connect", "net1", Map.of("name", "bridge",
            "container", "abc123def"), 4);

    static boolean match(String json, Event e) {
        return EventFilter.parse(json).matches(e);
    }

    @Test
    void bothJsonFormsParse() {
        assertTrue(EventFilter.parse(null).isEmpty());
        assertTrue(EventFilter.parse("").isEmpty());
        assertTrue(EventFilter.parse("{}").isEmpty());
        assertTrue(match("{\"type\":{\"container\":true}}", START));
        assertTrue(match("{\"type\":[\"container\"]}", START));
        assertFalse(match("{\"type\":[\"image\"]}", START));
        assertFalse(match("{\"type\":{\"container\":false}}", START));
    }

    @Test
    void badFiltersAreRejected() {
        for (String bad : new String[] {"{", "[]", "{\"type\":\"container\"}", "{\"type\":[1]}", "{\"bogus\":[\"x\"]}",
                "{\"type\":{\"container\":1}}"}) {
            EngineException e = assertThrows(EngineException.class, () -> EventFilter.parse(bad), bad);
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        }
        assertEquals("invalid filter 'bogus'",
                assertThrows(EngineException.class, () -> EventFilter.parse("{\"bogus\":[\"x\"]}")).getMessage());
    }

    @Test
    void containerMatchesIdPrefixOrNameAndExcludesOtherTypes() {
        assertTrue(match("{\"container\":[\"abc\"]}", START));
        assertTrue(match("{\"container\":[\"web\"]}", START));
        assertFalse(match("{\"container\":[\"db\"]}", START));
        assertFalse(match("{\"container\":[\"web\"]}", PULL), "an image event has no such container");
        assertTrue(match("{\"container\":[\"db\",\"web\"]}", START), "values of one key are alternatives");
    }

    @Test
    void imageMatchesNameWithAndWithoutTag() {
        assertTrue(match("{\"image\":[\"busybox\"]}", START));
        assertTrue(match("{\"image\":[\"docker.io/library/busybox:1.36\"]}", START));
        assertFalse(match("{\"image\":[\"alpine\"]}", START));
        assertTrue(match("{\"image\":[\"busybox\"]}", PULL));
        assertTrue(match("{\"image\":[\"busybox:latest\"]}", PULL));
    }

    @Test
    void eventsLabelsScopeAndKeysCombine() {
        assertTrue(match("{\"event\":[\"start\",\"stop\"]}", START));
        assertFalse(match("{\"event\":[\"stop\"]}", START));
        assertTrue(match("{\"event\":[\"exec_start\"]}", EXEC), "exec_start matches by prefix");
        assertFalse(match("{\"event\":[\"exec\"]}", EXEC));
        assertTrue(match("{\"label\":[\"tier=front\"]}", START));
        assertTrue(match("{\"label\":[\"tier\"]}", START));
        assertFalse(match("{\"label\":[\"tier=back\"]}", START));
        assertFalse(match("{\"label\":[\"tier\",\"other\"]}", START), "all labels must match");
        assertTrue(match("{\"scope\":[\"local\"]}", START));
        assertFalse(match("{\"scope\":[\"swarm\"]}", START));
        assertTrue(match("{\"type\":[\"container\"],\"event\":[\"start\"],\"container\":[\"web\"]}", START));
        assertFalse(match("{\"type\":[\"container\"],\"event\":[\"die\"],\"container\":[\"web\"]}", START));
        assertTrue(match("{\"network\":[\"bridge\"]}", NETWORK));
        assertFalse(match("{\"network\":[\"bridge\"]}", START));
        assertFalse(match("{\"volume\":[\"v\"]}", START));
        assertFalse(match("{\"daemon\":[\"d\"]}", START));
    }

    @Test
    void stripTagGivesFamiliarNames() {
        assertEquals("busybox", EventFilter.stripTag("docker.io/library/busybox:1"));
        assertEquals("localhost:5000/app", EventFilter.stripTag("localhost:5000/app:v1"));
        assertEquals("app", EventFilter.stripTag("app@sha256:" + "a".repeat(64)));
    }
}
