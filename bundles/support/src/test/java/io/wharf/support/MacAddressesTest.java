package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import org.junit.jupiter.api.Test;

class MacAddressesTest {
    @Test
    void fromIpv4LikeDocker() {
        assertEquals("02:42:ac:11:00:02", MacAddresses.fromIpv4(0xac110002));
        assertEquals("02:42:0a:d5:ff:fe", MacAddresses.fromIpv4(0x0ad5fffe));
    }

    @Test
    void aRequestedAddressIsCanonical() {
        assertEquals("02:42:ac:11:00:aa", MacAddresses.validate("02:42:AC:11:00:AA"));
        assertEquals("02:42:ac:11:00:aa", MacAddresses.validate(" 02-42-ac-11-00-aa "));
        assertNull(MacAddresses.validate(""));
        assertNull(MacAddresses.validate(null));
    }

    @Test
    void malformedOrMulticastIsRefused() {
        assertThrows(EngineException.class, () -> MacAddresses.validate("02:42:ac:11:00"));
        assertThrows(EngineException.class, () -> MacAddresses.validate("01:00:5e:00:00:01"));
    }
}
