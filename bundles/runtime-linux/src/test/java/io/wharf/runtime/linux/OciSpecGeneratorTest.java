package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.amd64Host;
import static io.wharf.runtime.linux.TestHosts.defaultNamespaces;
import static io.wharf.runtime.linux.TestHosts.generator;
import static io.wharf.runtime.linux.TestHosts.process;
import static io.wharf.runtime.linux.TestHosts.security;
import static io.wharf.runtime.linux.TestHosts.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSpecGeneratorTest {
    private final OciSpecGenerator generator = generator(amd64Host());

    private ObjectNode generate(ProcessSpec process, boolean privileged, List<String> caps) {
        return generator.generate(spec(process, security(privileged, caps, null), defaultNamespaces(), List.of(),
                List.of(), Resources.none()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.isObject() ? v.path("destination").asText(v.path("type").asText())
                : v.asText()));
        return values;
    }

    @Test
    void defaultCapabilitiesAreDockers() {
        JsonNode caps = generate(process("true"), false, null).path("process").path("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertEquals(Capabilities.DOCKER_DEFAULT, texts(caps.path(set)), set);
        }
        assertEquals(0, caps.path("inheritable").size());
        assertEquals(0, caps.path("ambient").size());
    }

    @Test
    void capabilitiesAreNormalizedAndLimitedToTheDaemonsBoundingSet() {
        JsonNode caps = generate(process("true"), false, List.of("chown", "CAP_NET_ADMIN", "sys_resource", "CHOWN"))
                .path("process").path("capabilities");
        assertEquals(List.of("CAP_CHOWN", "CAP_NET_ADMIN"), texts(caps.path("effective")));
    }

    @Test
    void processFields() {
        ProcessSpec p = new ProcessSpec(List.of("sh", "-c", "id"), List.of("A=1"), "", 1000, 1000, List.of(10L, 20L),
                true, true, List.of());
        JsonNode process = generate(p, false, null).path("process");
        assertTrue(process.path("terminal").asBoolean());
        assertEquals("/", process.path("cwd").asText());
        assertEquals(1000, process.path("user").path("uid").asLong());
        assertEquals("[10,20]", process.path("user").path("additionalGids").toString());
        assertEquals("[\"sh\",\"-c\",\"id\"]", process.path("args").toString());
        assertFalse(process.has("rlimits"));
        assertThrows(EngineException.class, () -> generate(process(), false, null));
    }

    @Test
    void rlimitsAreClampedToTheHostsHardLimits() {
        ProcessSpec p = new ProcessSpec(List.of("true"), List.of(), "/", 0, 0, List.of(), false, false, List.of(
                new ProcessSpec.Rlimit("nofile", 1048576, 1048576),
                new ProcessSpec.Rlimit("RLIMIT_NPROC", 100, -1),
                new ProcessSpec.Rlimit("core", -1, -1)));
        JsonNode rlimits = generate(p, false, null).path("process").path("rlimits");
        assertEquals("{\"type\":\"RLIMIT_NOFILE\",\"hard\":20000,\"soft\":20000}", rlimits.get(0).toString());
        assertEquals("{\"type\":\"RLIMIT_NPROC\",\"hard\":96365,\"soft\":100}", rlimits.get(1).toString());
        assertEquals("{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":18446744073709551615}",
                rlimits.get(2).toString());
        ProcessSpec bad = new ProcessSpec(List.of("true"), List.of(), "/", 0, 0, List.of(), false, false,
                List.of(new ProcessSpec.Rlimit("bogus", 1, 1)));
        EngineException e = assertThrows(EngineException.class, () -> generate(bad, false, null));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    @Test
    void defaultMountsComeFirstThenUserMountsParentsFirst() {
        List<MountSpec> mounts = List.of(
                new MountSpec("/data/sub/deeper", "bind", "/h/c", List.of("rbind")),
                new MountSpec("/data", "bind", "/h/a", List.of("rbind", "ro")),
                new MountSpec("/data/sub", "bind", "/h/b", List.of("rbind")),
                new MountSpec("/dev/shm", "tmpfs", "shm", List.of("size=1g")),
                new MountSpec("/etc/hosts", "bind", "/h/hosts", List.of("rbind")));
        JsonNode generated = generator.generate(spec(process("true"), security(false, null, null),
                defaultNamespaces(), mounts, List.of(), Resources.none())).path("mounts");
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue",
                "/data", "/data/sub", "/dev/shm", "/etc/hosts", "/data/sub/deeper"), texts(generated));
        assertEquals("[\"size=1g\"]", generated.get(8).path("options").toString());
        JsonNode dev = generated.get(1);
        assertEquals("[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]", dev.path("options").toString());
        JsonNode sys = generated.get(3);
        assertTrue(texts(sys.path("options")).contains("ro"));
    }

    @Test
    void aUserDevMountReplacesEveryDefaultUnderDev() {
        JsonNode generated = generator.generate(spec(process("true"), security(false, null, null),
                defaultNamespaces(), List.of(new MountSpec("/dev", "bind", "/dev", List.of("rbind"))), List.of(),
                Resources.none())).path("mounts");
        assertEquals(List.of("/proc", "/sys", "/sys/fs/cgroup", "/dev"), texts(generated));
    }

    @Test
    void namespacesAlwaysIncludeMountAndHostnameNeedsUts() {
        JsonNode spec = generator.generate(spec(process("true"), security(false, null, null),
                List.of(new NamespaceSpec("network", "/proc/42/ns/net"), NamespaceSpec.fresh("pid")), List.of(),
                List.of(), Resources.none()));
        assertEquals("[{\"type\":\"mount\"},{\"type\":\"network\",\"path\":\"/proc/42/ns/net\"},{\"type\":\"pid\"}]",
                spec.path("linux").path("namespaces").toString());
        assertFalse(spec.has("hostname"), "no private UTS namespace, so no hostname");

        JsonNode withUts = generate(process("true"), false, null);
        assertEquals("host1", withUts.path("hostname").asText());
        assertEquals("example.org", withUts.path("domainname").asText());
        assertEquals(5, withUts.path("linux").path("namespaces").size());
    }

    @Test
    void defaultDeviceRulesDenyAllThenAllowDockersList() {
        JsonNode linux = generate(process("true"), false, null).path("linux");
        JsonNode rules = linux.path("resources").path("devices");
        assertEquals("{\"allow\":false,\"access\":\"rwm\"}", rules.get(0).toString());
        List<String> allowed = new ArrayList<>();
        rules.forEach(r -> {
            if (r.path("allow").asBoolean()) {
                allowed.add(r.path("type").asText() + " " + r.path("major").asText("*") + ":"
                        + r.path("minor").asText("*") + " " + r.path("access").asText());
            }
        });
        assertEquals(List.of("c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm"), allowed);
        assertEquals(0, linux.path("devices").size());
    }

    @Test
    void userDevicesAddNodesAndRules() {
        JsonNode linux = generator.generate(spec(process("true"), security(false, null, null), defaultNamespaces(),
                List.of(), List.of(new DeviceSpec("/dev/ttyS0", "/dev/serial", "rw")), Resources.none()))
                .path("linux");
        assertEquals("{\"path\":\"/dev/serial\",\"type\":\"c\",\"major\":4,\"minor\":5,\"fileMode\":400,"
                + "\"uid\":0,\"gid\":5}", linux.path("devices").get(0).toString());
        JsonNode rules = linux.path("resources").path("devices");
        assertEquals("{\"allow\":true,\"type\":\"c\",\"major\":4,\"minor\":5,\"access\":\"rw\"}",
                rules.get(rules.size() - 1).toString());
        assertThrows(EngineException.class, () -> generator.generate(spec(process("true"),
                security(false, null, null), defaultNamespaces(), List.of(),
                List.of(new DeviceSpec("/dev/x", null, "rwx")), Resources.none())));
    }

    @Test
    void privilegedGetsEverythingTheDaemonHas() {
        JsonNode spec = generate(process("true"), true, List.of("CAP_CHOWN"));
        List<String> caps = texts(spec.path("process").path("capabilities").path("effective"));
        assertEquals(Capabilities.ALL.size() - 1, caps.size());
        assertFalse(caps.contains("CAP_SYS_RESOURCE"), "the host lacks it: asking for it would fail");
        JsonNode linux = spec.path("linux");
        assertEquals(2, linux.path("devices").size());
        assertEquals("[{\"allow\":true,\"access\":\"rwm\"}]", linux.path("resources").path("devices").toString());
        assertFalse(linux.has("seccomp"));
        assertEquals(0, linux.path("maskedPaths").size());
        assertEquals(0, linux.path("readonlyPaths").size());
        JsonNode sys = spec.path("mounts").get(3);
        assertEquals("/sys", sys.path("destination").asText());
        assertTrue(texts(sys.path("options")).contains("rw"));
    }

    @Test
    void maskedAndReadonlyPathsDefaultToDockers() {
        JsonNode linux = generate(process("true"), false, null).path("linux");
        assertEquals(OciSpecGenerator.DEFAULT_MASKED_PATHS, texts(linux.path("maskedPaths")));
        assertEquals(OciSpecGenerator.DEFAULT_READONLY_PATHS, texts(linux.path("readonlyPaths")));
    }

    @Test
    void seccompDefaultUnconfinedAndCustom() {
        JsonNode linux = generate(process("true"), false, null).path("linux");
        assertEquals("SCMP_ACT_ERRNO", linux.path("seccomp").path("defaultAction").asText());
        JsonNode unconfined = generator.generate(spec(process("true"), security(false, null, "unconfined"),
                defaultNamespaces(), List.of(), List.of(), Resources.none())).path("linux");
        assertFalse(unconfined.has("seccomp"));
        JsonNode custom = generator.generate(spec(process("true"), security(false, null,
                        "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"chmod\"],"
                                + "\"action\":\"SCMP_ACT_ERRNO\"}]}"),
                defaultNamespaces(), List.of(), List.of(), Resources.none())).path("linux").path("seccomp");
        assertEquals("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[],\"syscalls\":[{\"names\":[\"chmod\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\"}]}", custom.toString());
    }

    @Test
    void rootfsPropagationIsLeftToRuncUnlessAskedAndAnUnknownOneIsRefused() {
        assertFalse(generate(process("true"), false, null).path("linux").has("rootfsPropagation"), "runc: rslave");
        ContainerSpec base = spec(process("true"), security(false, null, null), defaultNamespaces(), List.of(),
                List.of(), Resources.none());
        assertEquals("rshared", generator.generate(withPropagation(base, "rshared")).path("linux")
                .path("rootfsPropagation").asText());
        EngineException e = assertThrows(EngineException.class,
                () -> generator.generate(withPropagation(base, "rshared,private")));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
    }

    private static ContainerSpec withPropagation(ContainerSpec s, String propagation) {
        return new ContainerSpec(s.id(), s.name(), s.runtime(), s.rootfs(), s.readonlyRootfs(), s.process(),
                s.hostname(), s.domainname(), s.namespaces(), s.mounts(), s.devices(), s.security(), s.resources(),
                s.sysctls(), s.logPath(), s.annotations(), s.deviceCgroupRules(), propagation);
    }

    @Test
    void resourcesCgroupsPathSysctlsAndAnnotations() {
        Resources r = new Resources(64L << 20, null, 32L << 20, 1_500_000_000L, 512L, null, null, "0-1", "0", 100L,
                300);
        JsonNode spec = generator.generate(spec(process("true"), security(false, null, null), defaultNamespaces(),
                List.of(), List.of(), r));
        JsonNode res = spec.path("linux").path("resources");
        assertEquals("{\"limit\":67108864,\"reservation\":33554432,\"swap\":134217728}", res.path("memory").toString());
        assertEquals("{\"shares\":512,\"quota\":150000,\"period\":100000,\"cpus\":\"0-1\",\"mems\":\"0\"}",
                res.path("cpu").toString());
        assertEquals(100, res.path("pids").path("limit").asLong());
        assertFalse(res.has("blockIO"), "the host has no blkio weight");
        assertEquals("/wharf/" + TestHosts.ID, spec.path("linux").path("cgroupsPath").asText());
        assertEquals("1", spec.path("linux").path("sysctl").path("net.ipv4.ip_forward").asText());
        assertEquals("b", spec.path("annotations").path("org.example/a").asText());
        assertEquals("/rootfs", spec.path("root").path("path").asText());

        JsonNode update = generator.resources(new Resources(null, -1L, null, null, null, 50000L, 100000L, null, null,
                -1L, null));
        assertEquals("{\"memory\":{\"swap\":-1},\"cpu\":{\"quota\":50000,\"period\":100000},\"pids\":{\"limit\":-1}}",
                update.toString());
    }

    @Test
    void execProcessTakesTheContainersRlimitsAndNoNewPrivileges() {
        ProcessSpec p = new ProcessSpec(List.of("true"), List.of(), "/", 0, 0, List.of(), false, false,
                List.of(new ProcessSpec.Rlimit("nofile", 10, 10)));
        JsonNode container = generator.generate(spec(p, new io.wharf.api.runtime.SecuritySpec(false, null, true,
                null, null, null), defaultNamespaces(), List.of(), List.of(), Resources.none())).path("process");
        ExecSpec exec = new ExecSpec("e1", new ProcessSpec(List.of("ls"), List.of("X=1"), "", 5, 5, List.of(), true,
                true, List.of()), false, null, true, true);
        JsonNode process = generator.execProcess(exec, container);
        assertEquals("[\"ls\"]", process.path("args").toString());
        assertTrue(process.path("terminal").asBoolean());
        assertTrue(process.path("noNewPrivileges").asBoolean());
        assertEquals(container.path("rlimits"), process.path("rlimits"));
        assertEquals(Capabilities.DOCKER_DEFAULT, texts(process.path("capabilities").path("bounding")));
        ExecSpec privileged = new ExecSpec("e2", exec.process(), true, null, false, false);
        assertEquals(Capabilities.ALL.size() - 1,
                generator.execProcess(privileged, container).path("capabilities").path("effective").size());
    }
}
