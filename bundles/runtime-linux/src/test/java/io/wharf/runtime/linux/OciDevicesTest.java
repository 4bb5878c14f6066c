package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static io.wharf.runtime.linux.TestHosts.fakeDevices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.api.runtime.DeviceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciDevicesTest {
    private final OciDevices devices = new OciDevices(JSON, fakeDevices());
    private final ArrayNode nodes = JSON.createArrayNode();
    private final ArrayNode rules = JSON.createArrayNode();

    @Test
    void wildcardsAreLeftOutOfTheRules() {
        devices.add(false, List.of(), List.of(), nodes, rules);
        assertEquals(0, nodes.size());
        assertEquals(1 + OciDevices.DEFAULT_DEVICE_RULES.size(), rules.size());
        assertFalse(rules.get(1).has("major")); // c *:* m
        assertEquals(136, rules.get(11).path("major").asLong());
        assertFalse(rules.get(11).has("minor"));
    }

    @Test
    void aDeviceWithoutContainerPathOrModeGoesToItsHostPathWithRwm() {
        devices.add(false, List.of(new DeviceSpec("/dev/fuse", null, "")), List.of(), nodes, rules);
        assertEquals("/dev/fuse", nodes.get(0).path("path").asText());
        assertEquals("rwm", rules.get(rules.size() - 1).path("access").asText());
    }

    @Test
    void anInvalidDeviceModeIsRefused() {
        assertThrows(EngineException.class,
                () -> devices.add(false, List.of(new DeviceSpec("/dev/fuse", "/dev/f", "rwx")), List.of(), nodes,
                        rules));
    }

    @Test
    void privilegedGetsEveryHostDeviceAndOneAllowAllRule() {
        devices.add(true, List.of(new DeviceSpec("/dev/fuse", null, null)), List.of(), nodes, rules);
        assertEquals(2, nodes.size());
        assertEquals(1, rules.size());
        assertEquals(true, rules.get(0).path("allow").asBoolean());
    }

    @Test
    void deviceCgroupRulesComeLastWithWildcardsLeftOut() {
        devices.add(false, List.of(), List.of(DeviceCgroupRule.parse("c 42:* rw"), DeviceCgroupRule.parse("b 8:16 m")),
                nodes, rules);
        assertEquals(1 + OciDevices.DEFAULT_DEVICE_RULES.size() + 2, rules.size());
        assertEquals("{\"allow\":true,\"type\":\"c\",\"major\":42,\"access\":\"rw\"}",
                rules.get(rules.size() - 2).toString());
        assertEquals("{\"allow\":true,\"type\":\"b\",\"major\":8,\"minor\":16,\"access\":\"m\"}",
                rules.get(rules.size() - 1).toString());
    }

    @Test
    void deviceCgroupRulesAreParsedAsDockerdParsesThem() {
        assertEquals(new DeviceCgroupRule("a", null, null, "rwm"), DeviceCgroupRule.parse("a *:* rwm"));
        for (String bad : new String[] {"c 1:3", "x 1:3 r", "c 1:3 rwx", " c 1:3 r", "c a:3 r", "c 99999999999999999999:1 r"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceCgroupRule.parse(bad));
            assertTrue(e.getMessage().contains("device cgroup rule format: '" + bad + "'"), e.getMessage());
        }
    }
}
