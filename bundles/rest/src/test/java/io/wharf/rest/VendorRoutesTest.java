package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorRoutesTest {
    @Path("/vendor/acme/rules")
    public static final class AcmeRules {
        @GET
        public String get() {
            return "rules";
        }
    }

    @Path("vendor/acme")
    public static final class AcmeRoot {
    }

    @Path("/containers")
    public static final class ShadowsContainers {
    }

    @Path("/")
    public static final class RootLocator {
    }

    @Path("/vendor/{anyone}")
    public static final class AnyVendor {
    }

    @Path("/vendor/../containers")
    public static final class DotDot {
    }

    public static final class NoPath {
    }

    @Test
    void vendorBundlesGetTheirPrefixOnly() {
        assertEquals(Optional.empty(), VendorRoutes.refusal(new AcmeRules(), "com.acme.rules"));
        assertEquals(Optional.empty(), VendorRoutes.refusal(new AcmeRoot(), "com.acme.rules"));

        String shadow = VendorRoutes.refusal(new ShadowsContainers(), "com.acme.rules").orElseThrow();
        assertTrue(shadow.contains("asks for /containers: vendor resources are served under /vendor/NAME/ only"),
                shadow);
        for (Object refused : new Object[] {new RootLocator(), new AnyVendor(), new DotDot(), new NoPath()}) {
            assertTrue(VendorRoutes.refusal(refused, "com.acme.rules").isPresent(), refused.getClass().getName());
        }
    }

    @Test
    void theEnginesOwnBundlesServeAnyPath() {
        assertEquals(Optional.empty(), VendorRoutes.refusal(new ShadowsContainers(), "io.wharf.containers"));
        assertEquals(Optional.empty(), VendorRoutes.refusal(new RootLocator(), null));
    }
}
