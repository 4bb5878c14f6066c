package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
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

    @Test
    void amd64VariantsUpToTheCpusLevelMatch() {
        HostPlatform amd64 = HostPlatform.of("Linux", "amd64");
        assertTrue(amd64.matches("linux/amd64/v1", 1));
        assertTrue(amd64.matches("linux/amd64/v2", 3));
        assertTrue(amd64.matches("linux/amd64/v3", 3));
        assertFalse(amd64.matches("linux/amd64/v4", 3));
        assertFalse(amd64.matches("linux/amd64/v2", 1));
        assertFalse(amd64.matches("linux/amd64/v0", 4));
        assertFalse(HostPlatform.of("Linux", "aarch64").matches("linux/arm64/v2", 4));
    }

    @Test
    void theAmd64LevelFollowsTheCpuFlags() {
        Set<String> v2 = Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3", "sse2");
        assertEquals(1, HostPlatform.amd64Level(Set.of("sse2", "popcnt")));
        assertEquals(2, HostPlatform.amd64Level(v2));
        Set<String> v3 = new java.util.HashSet<>(v2);
        v3.addAll(Set.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"));
        assertEquals(3, HostPlatform.amd64Level(v3));
        v3.add("avx512f"); // part of v4 only
        assertEquals(3, HostPlatform.amd64Level(v3));
        Set<String> v4only = Set.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl");
        assertEquals(1, HostPlatform.amd64Level(v4only)); // levels build on each other
    }
}
