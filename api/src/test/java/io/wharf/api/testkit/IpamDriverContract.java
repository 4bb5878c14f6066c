package io.wharf.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.network.IpamDriver;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IpamDriver} must do (the calls of Docker's IPAM plugin protocol): a driver's test extends this
 * class and says how to open a fresh driver. Pools are requested in 10.250.0.0/16, which a fresh driver must
 * grant; an address may be answered plain or with its prefix length ({@code 10.250.1.2/24}).
 */
public abstract class IpamDriverContract {
    protected IpamDriver ipam;

    /** A driver that holds no pools yet. */
    protected abstract IpamDriver open();

    @BeforeEach
    void openDriver() {
        ipam = open();
    }

    @Test
    void aRequestedPoolIsGrantedAsAsked() {
        assertEquals("10.250.1.0/24", ipam.requestPool("10.250.1.0/24", null));
        assertFalse(ipam.name() == null || ipam.name().isBlank());
    }

    @Test
    void aPoolWithoutASubnetIsChosenByTheDriverAndNeverTwice() {
        String first = ipam.requestPool(null, null);
        String second = ipam.requestPool(null, null);
        assertTrue(first.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+"), first);
        assertNotEquals(first, second);
    }

    @Test
    void anOverlappingPoolIsRefusedUntilTheFirstIsReleased() {
        ipam.requestPool("10.250.0.0/16", null);
        EngineException e = assertThrows(EngineException.class, () -> ipam.requestPool("10.250.2.0/24", null));
        assertEquals(ErrorKind.FORBIDDEN, e.kind());
        ipam.releasePool("10.250.0.0/16");
        assertEquals("10.250.2.0/24", ipam.requestPool("10.250.2.0/24", null));
    }

    @Test
    void addressesAreDistinctUsableHostsOfThePool() {
        String pool = ipam.requestPool("10.250.3.0/29", null); // 6 hosts, one of which may be the gateway
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String address = plain(ipam.requestAddress(pool, null));
            assertTrue(address.startsWith("10.250.3."), address);
            int host = Integer.parseInt(address.substring("10.250.3.".length()));
            assertTrue(host > 0 && host < 7, "network or broadcast address handed out: " + address);
            assertTrue(given.add(address), "handed out twice: " + address);
        }
        EngineException exhausted = assertThrows(EngineException.class, () -> {
            for (int i = 0; i < 2; i++) {
                ipam.requestAddress(pool, null); // at most one more (when no gateway is kept back)
            }
        });
        assertEquals(ErrorKind.UNAVAILABLE, exhausted.kind(), exhausted.getMessage());
    }

    @Test
    void addressesHandedOutWithoutARequestComeFromTheIpRange() {
        String pool = ipam.requestPool("10.250.7.0/24", "10.250.7.128/25");
        assertEquals("10.250.7.0/24", pool);
        for (int i = 0; i < 4; i++) {
            String address = plain(ipam.requestAddress(pool, null));
            int host = Integer.parseInt(address.substring("10.250.7.".length()));
            assertTrue(address.startsWith("10.250.7.") && host >= 128 && host < 255, "outside the range: " + address);
        }
    }

    @Test
    void aRequestedAddressIsReservedOnceAndFreeAgainWhenReleased() {
        String pool = ipam.requestPool("10.250.4.0/24", null);
        assertEquals("10.250.4.77", plain(ipam.requestAddress(pool, "10.250.4.77")));
        EngineException taken = assertThrows(EngineException.class, () -> ipam.requestAddress(pool, "10.250.4.77"));
        assertEquals(ErrorKind.FORBIDDEN, taken.kind());
        ipam.releaseAddress(pool, "10.250.4.77");
        assertEquals("10.250.4.77", plain(ipam.requestAddress(pool, "10.250.4.77")));
    }

    @Test
    void anAddressOutsideThePoolIsRefused() {
        String pool = ipam.requestPool("10.250.5.0/24", null);
        EngineException e = assertThrows(EngineException.class, () -> ipam.requestAddress(pool, "10.250.6.1"));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    @Test
    void anUnknownPoolIsNotFound() {
        for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[] {
            () -> ipam.requestAddress("10.250.9.0/24", null),
            () -> ipam.releaseAddress("10.250.9.0/24", "10.250.9.2"),
            () -> ipam.releasePool("10.250.9.0/24")}) {
            assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, call).kind());
        }
    }

    private static String plain(String address) {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }
}
