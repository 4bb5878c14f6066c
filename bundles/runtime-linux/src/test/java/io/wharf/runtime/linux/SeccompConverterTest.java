package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompConverterTest {
    private final SeccompConverter amd64 = new SeccompConverter(JSON, "amd64", new HostInfo.KernelVersion(6, 18));

    /** Every rule that allows {@code name} (possibly with argument filters). */
    private static List<JsonNode> rulesFor(JsonNode oci, String name) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode rule : oci.path("syscalls")) {
            for (JsonNode n : rule.path("names")) {
                if (n.asText().equals(name)) {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    private static boolean allowsUnconditionally(JsonNode oci, String name) {
        return rulesFor(oci, name).stream().anyMatch(r -> r.path("action").asText().equals("SCMP_ACT_ALLOW")
                && !r.has("args"));
    }

    @Test
    void defaultProfileForDefaultCapabilities() {
        JsonNode oci = amd64.convert(amd64.defaultProfile(), Capabilities.DOCKER_DEFAULT);
        assertEquals("SCMP_ACT_ERRNO", oci.path("defaultAction").asText());
        assertEquals(1, oci.path("defaultErrnoRet").asInt());
        assertEquals("[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]",
                oci.path("architectures").toString());
        assertTrue(allowsUnconditionally(oci, "read"));
        assertTrue(allowsUnconditionally(oci, "arch_prctl"), "amd64 includes");
        assertFalse(allowsUnconditionally(oci, "mount"), "needs CAP_SYS_ADMIN");
        assertFalse(allowsUnconditionally(oci, "reboot"), "needs CAP_SYS_BOOT");
        assertTrue(allowsUnconditionally(oci, "chroot"), "CAP_SYS_CHROOT is a default capability");
        assertTrue(allowsUnconditionally(oci, "ptrace"), "minKernel 4.8 holds on 6.18");
        assertFalse(allowsUnconditionally(oci, "s390_runtime_instr"));
        // clone: only the masked rule (no namespaces flags), clone3: ENOSYS so glibc falls back to clone.
        List<JsonNode> clone = rulesFor(oci, "clone");
        assertEquals(1, clone.size());
        assertEquals("SCMP_CMP_MASKED_EQ", clone.get(0).path("args").get(0).path("op").asText());
        assertEquals(0, clone.get(0).path("args").get(0).path("index").asInt());
        List<JsonNode> clone3 = rulesFor(oci, "clone3");
        assertEquals(1, clone3.size());
        assertEquals("SCMP_ACT_ERRNO", clone3.get(0).path("action").asText());
        assertEquals(38, clone3.get(0).path("errnoRet").asInt());
        assertFalse(oci.path("syscalls").toString().contains("includes"));
        assertFalse(oci.path("syscalls").toString().contains("comment"));
    }

    @Test
    void sysAdminUnlocksItsSyscallsAndDropsTheExcludedRules() {
        List<String> caps = new ArrayList<>(Capabilities.DOCKER_DEFAULT);
        caps.add("CAP_SYS_ADMIN");
        JsonNode oci = amd64.convert(amd64.defaultProfile(), caps);
        assertTrue(allowsUnconditionally(oci, "mount"));
        assertTrue(allowsUnconditionally(oci, "clone"));
        assertTrue(allowsUnconditionally(oci, "clone3"));
        assertTrue(rulesFor(oci, "clone3").stream().noneMatch(r -> r.path("action").asText().equals("SCMP_ACT_ERRNO")));
        assertEquals(1, rulesFor(oci, "clone").size(), "the masked clone rule is excluded for CAP_SYS_ADMIN");
    }

    @Test
    void oldKernelsLoseMinKernelRules() {
        SeccompConverter old = new SeccompConverter(JSON, "amd64", new HostInfo.KernelVersion(4, 4));
        JsonNode oci = old.convert(old.defaultProfile(), Capabilities.DOCKER_DEFAULT);
        assertFalse(allowsUnconditionally(oci, "ptrace"));
        assertFalse(allowsUnconditionally(oci, "process_vm_readv"));
    }

    @Test
    void arm64HostGetsItsArchitecturesAndRules() {
        SeccompConverter arm = new SeccompConverter(JSON, "arm64", new HostInfo.KernelVersion(6, 1));
        JsonNode oci = arm.convert(arm.defaultProfile(), Capabilities.DOCKER_DEFAULT);
        assertEquals("[\"SCMP_ARCH_AARCH64\",\"SCMP_ARCH_ARM\"]", oci.path("architectures").toString());
        assertFalse(allowsUnconditionally(oci, "arch_prctl"));
        assertTrue(allowsUnconditionally(oci, "arm_fadvise64_64"));
    }

    @Test
    void excludesByArchitectureAndCapability() {
        JsonNode profile = amd64.parse("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                + "\"syscalls\":["
                + "{\"name\":\"a\",\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"arches\":[\"amd64\"]}},"
                + "{\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"caps\":[\"CAP_KILL\"]}},"
                + "{\"names\":[\"c\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"minKernel\":\"7.0\"}},"
                + "{\"names\":[\"d\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_KILL\",\"CAP_BPF\"]}},"
                + "{\"names\":[\"e\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":5,"
                + "\"args\":[{\"index\":1,\"value\":2,\"valueTwo\":3,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");
        JsonNode oci = amd64.convert(profile, List.of("CAP_KILL"));
        assertEquals("[\"SCMP_ARCH_X86_64\"]", oci.path("architectures").toString());
        assertEquals("[{\"names\":[\"c\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"e\"],\"action\":\"SCMP_ACT_ERRNO\","
                + "\"errnoRet\":5,\"args\":[{\"index\":1,\"value\":2,\"valueTwo\":3,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]",
                oci.path("syscalls").toString());
        JsonNode noKill = amd64.convert(profile, List.of("CAP_BPF"));
        assertEquals(3, noKill.path("syscalls").size(), "b, c, e");
    }

    @Test
    void invalidProfilesAreTheClientsError() {
        EngineException syntax = assertThrows(EngineException.class, () -> amd64.parse("{nope"));
        assertEquals(ErrorKind.INVALID_PARAMETER, syntax.kind());
        JsonNode both = amd64.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"x\"],"
                + "\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}");
        assertThrows(EngineException.class, () -> amd64.convert(both, List.of()));
        JsonNode nameAndNames = amd64.parse("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"a\","
                + "\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        assertThrows(EngineException.class, () -> amd64.convert(nameAndNames, List.of()));
        assertNull(amd64.convert(amd64.parse("{}"), List.of()), "an empty profile disables seccomp");
    }
}
