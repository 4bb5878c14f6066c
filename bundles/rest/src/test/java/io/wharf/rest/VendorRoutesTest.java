package io.wharf.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.List;
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
        assertEquals(Optional.empty(), VendorRoutes.refusal(new AcmeRules(), "com.acme.rules", List.of()));
        assertEquals(Optional.empty(), VendorRoutes.refusal(new AcmeRoot(), "com.acme.rules", List.of()));

        String shadow = VendorRoutes.refusal(new ShadowsContainers(), "com.acme.rules", List.of()).orElseThrow();
        assertTrue(shadow.contains("asks for /containers: vendor resources are served under /vendor/NAME/ only"),
                shadow);
        for (Object refused : new Object[] {new RootLocator(), new AnyVendor(), new DotDot(), new NoPath()}) {
            assertTrue(VendorRoutes.refusal(refused, "com.acme.rules", List.of()).isPresent(),
                    refused.getClass().getName());
        }
    }

    @Test
    void theEnginesOwnBundlesServeAnyPath() {
        assertEquals(Optional.empty(),
                VendorRoutes.refusal(new ShadowsContainers(), "io.wharf.containers", List.of()));
        assertEquals(Optional.empty(), VendorRoutes.refusal(new RootLocator(), null, List.of()));
    }

    @Path("/vendor/acme/rules")
    public static final class AcmeRulesFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.abortWith(null);
        }
    }

    @Path("/vendor/acme/rules/")
    public static final class OtherAcmeRules {
        @GET
        public String get() {
            return "other";
        }
    }

    @Path("/vendor/acme/rules")
    public static final class AcmeRulesPost {
        @jakarta.ws.rs.POST
        public String post() {
            return "post";
        }
    }

    @Test
    void aVendorObjectThatIsAlsoAProviderIsRefused() {
        String refusal = VendorRoutes.refusal(new AcmeRulesFilter(), "com.acme.rules", List.of()).orElseThrow();
        assertTrue(refusal.contains("implements the JAX-RS provider contract "
                + ContainerRequestFilter.class.getName()), refusal);
    }

    @Test
    void ofTwoVendorResourcesWithTheSameRouteTheFirstIsServed() {
        List<Object> served = List.of(new AcmeRules());
        String refusal = VendorRoutes.refusal(new OtherAcmeRules(), "com.other", served).orElseThrow();
        assertTrue(refusal.contains("asks for GET /vendor/acme/rules, which another resource serves"), refusal);
        assertEquals(Optional.empty(), VendorRoutes.refusal(new AcmeRulesPost(), "com.other", served));
    }
}
