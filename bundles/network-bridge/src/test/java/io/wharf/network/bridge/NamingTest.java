package io.wharf.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Table, interface and MAC naming: all deterministic, so that a restarted daemon recognises its own. */
class NamingTest {
    @Test
    void defaultExecRootOwnsTheWharfTable() {
        assertEquals("wharf", NftTableName.forExecRoot(Path.of("/run/wharf")));
        assertEquals("wharf", NftTableName.forExecRoot(Path.of("/run/wharf/")));
    }

    @Test
    void otherExecRootsGetTheirOwnTable() {
        // printf %s /tmp/x | sha256sum
        assertEquals("wharf_2e56aa36", NftTableName.forExecRoot(Path.of("/tmp/x")));
        assertNotEquals(NftTableName.forExecRoot(Path.of("/tmp/a")), NftTableName.forExecRoot(Path.of("/tmp/b")));
    }

    @Test
    void vethNameIsDerivedFromTheEndpoint() {
        assertEquals("veth0123abc", InterfaceNames.veth("0123abcdef0123"));
        assertTrue(InterfaceNames.isEndpointVeth("veth0123abc"));
        assertFalse(InterfaceNames.isEndpointVeth("vethernet-long-name"));
        assertThrows(EngineException.class, () -> InterfaceNames.veth("abc"));
    }

    @Test
    void defaultBridgeNameAndValidation() {
        assertEquals("br-0123456789ab", InterfaceNames.defaultBridge("0123456789abcdef"));
        assertThrows(EngineException.class, () -> InterfaceNames.requireValid("sixteen-chars-xx", "bridge"));
        assertThrows(EngineException.class, () -> InterfaceNames.requireValid("br\"; drop", "bridge"));
    }


    @Test
    void subnetsAndAddresses() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("172.18.5.9/16");
        assertEquals("172.18.0.0/16", subnet.toString());
        assertTrue(subnet.contains(Ipv4.parse("172.18.255.1")));
        assertFalse(subnet.contains(Ipv4.parse("172.19.0.1")));
        assertEquals("10.0.0.1", Ipv4.canonical("010.0.0.1"));
        assertThrows(EngineException.class, () -> Ipv4.parse("example.com"));
        assertThrows(EngineException.class, () -> Ipv4.parse("1.2.3.256"));
        assertThrows(EngineException.class, () -> Ipv4Subnet.parse("10.0.0.0"));
        assertThrows(EngineException.class, () -> Ipv4Subnet.parse("10.0.0.0/33"));
    }
}
