package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static io.wharf.runtime.linux.TestHosts.fakeDevices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.DeviceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciDevicesTest {
    private final OciDevices devices = new OciDevices(JSON, fakeDevices());
    private final ArrayNode nodes = JSON.createArrayNode();
    private final ArrayNode rules = JSON.createArrayNode();

    @Test
    void wildcardsAreLeftOutOfTheRules() {
        devices.add(false, List.of(), nodes, rules);
        assertEquals(0, nodes.size());
        assertEquals(1 + OciDevices.DEFAULT_DEVICE_RULES.size(), rules.size());
        assertFalse(rules.get(1).has("major")); // c *:* m
        assertEquals(136, rules.get(11).path("major").asLong());
        assertFalse(rules.get(11).has("minor"));
    }

    @Test
    void aDeviceWithoutContainerPathOrModeGoesToItsHostPathWithRwm() {
        devices.add(false, List.of(new DeviceSpec("/dev/fuse", null, "")), nodes, rules);
        assertEquals("/dev/fuse", nodes.get(0).path("path").asText());
        assertEquals("rwm", rules.get(rules.size() - 1).path("access").asText());
    }

    @Test
    void anInvalidDeviceModeIsRefused() {
        assertThrows(EngineException.class,
                () -> devices.add(false, List.of(new DeviceSpec("/dev/fuse", "/dev/f", "rwx")), nodes, rules));
    }

    @Test
    void privilegedGetsEveryHostDeviceAndOneAllowAllRule() {
        devices.add(true, List.of(new DeviceSpec("/dev/fuse", null, null)), nodes, rules);
        assertEquals(2, nodes.size());
        assertEquals(1, rules.size());
        assertEquals(true, rules.get(0).path("allow").asBoolean());
    }
}
