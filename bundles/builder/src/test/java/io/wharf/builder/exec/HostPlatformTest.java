package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Java's os.name/os.arch in Go's names, and which requested platforms name the host. */
class HostPlatformTest {
    @Test
    void javaArchitecturesMapToGoArch() {
        assertEquals(new HostPlatform("linux", "amd64", ""), HostPlatform.of("Linux", "amd64"));
        assertEquals(new HostPlatform("linux", "amd64", ""), HostPlatform.of("Linux", "x86_64"));
        assertEquals(new HostPlatform("linux", "arm64", ""), HostPlatform.of("Linux", "aarch64"));
        assertEquals(new HostPlatform("linux", "386", ""), HostPlatform.of("Linux", "i686"));
        assertEquals(new HostPlatform("linux", "arm", "v7"), HostPlatform.of("Linux", "arm"));
        assertEquals("linux/arm/v7", HostPlatform.of("Linux", "arm").text());
        assertEquals("linux/ppc64le", HostPlatform.of("Linux", "ppc64le").text());
    }

    @Test
    void theArgsNameTargetAndBuildPlatformAlike() {
        Map<String, String> args = HostPlatform.of("Linux", "amd64").args();
        assertEquals(HostPlatform.ARG_NAMES, args.keySet());
        assertEquals("linux/amd64", args.get("TARGETPLATFORM"));
        assertEquals("linux/amd64", args.get("BUILDPLATFORM"));
        assertEquals("amd64", args.get("TARGETARCH"));
        assertEquals("linux", args.get("BUILDOS"));
        assertEquals("", args.get("TARGETVARIANT"));
    }

    @Test
    void onlyTheHostsOwnPlatformMatches() {
        HostPlatform amd64 = HostPlatform.of("Linux", "amd64");
        for (String ok : new String[] {null, "", "linux", "linux/amd64", "Linux/AMD64", "linux/x86_64"}) {
            assertTrue(amd64.matches(ok), ok);
        }
        for (String no : new String[] {"windows", "linux/arm64", "linux/amd64/v9", "linux/", "linux/amd64/x/y",
                "darwin/amd64"}) {
            assertFalse(amd64.matches(no), no);
        }
        assertTrue(HostPlatform.of("Linux", "aarch64").matches("linux/arm64/v8"));
    }
}
