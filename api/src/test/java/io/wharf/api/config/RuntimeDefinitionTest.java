package io.wharf.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeDefinitionTest {
    @Test
    void argumentsJoinTheirRuntimeInOrder() {
        Map<String, RuntimeDefinition> all = RuntimeDefinition.allOf(
                new String[] {"kata=/opt/kata", "crun2=/usr/bin/crun"},
                new String[] {"kata=--debug", "kata=--x=y"});
        assertEquals(List.of("kata", "crun2"), List.copyOf(all.keySet()));
        assertEquals(new RuntimeDefinition("/opt/kata", List.of("--debug", "--x=y")), all.get("kata"));
        assertEquals(new RuntimeDefinition("/usr/bin/crun", null), all.get("crun2"));
    }
}
