package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonDirectivesTest {
    @TempDir
    Path dir;

    private Map<String, Object> options(String json, String... flags) throws Exception {
        return DaemonJsonFixture.options(dir, json, flags);
    }

    private String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> options(json)).getMessage();
    }

    @Test
    void noRefusedKeyIsAlsoASupportedOne() {
        Set<String> both = new TreeSet<>(DaemonDirectives.DOCKERD_ONLY);
        both.retainAll(DaemonOptions.KEYS.keySet());
        assertTrue(both.isEmpty(), () -> "listed as refused but supported: " + both);
    }

    @Test
    void dockerdKeysWharfLacksAreRefusedByNameAndApartFromUnknownOnes() {
        String m = refusal("{\"userns-remap\": \"default\", \"oom-score-adjust\": -500}");
        assertTrue(m.startsWith("the following directives are not supported by Wharf: oom-score-adjust, "
                + "userns-remap"), m);
        assertTrue(m.contains("userns-remap: Wharf runs containers in the host's user namespace"), m);
        String unknown = refusal("{\"no-such-key\": 1}");
        assertTrue(unknown.startsWith("the following directives don't match any configuration option: no-such-key"),
                unknown);
    }

    @Test
    void aKeyWharfSupportsIsNeverRefusedAsUnsupported() {
        // other work adds keys of DOCKERD_ONLY (log-opts, ipv6...) to KEYS only: KEYS wins
        DaemonDirectives.refuseUnsupported(dir, java.util.Set.of("no-such-key"));
        String m = refusal("{\"userns-remap\": \"default\", \"dns-search\": [\"a.example\"]}");
        assertTrue(m.contains("userns-remap") && !m.contains("dns-search"), m);
    }

    @Test
    void containerDefaultsBecomeRuntimeProperties() throws Exception {
        Path profile = Files.writeString(dir.resolve("seccomp.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 2048, "Soft": 1024}},
                 "default-shm-size": "128M", "default-cgroupns-mode": "host", "cgroup-parent": "/ops",
                 "no-new-privileges": true, "seccomp-profile": "%s",
                 "dns-search": ["corp.example"], "dns-opts": ["ndots:2"],
                 "exec-opts": ["native.cgroupdriver=cgroupfs"], "features": {"buildkit": false},
                 "userland-proxy": false, "userland-proxy-path": "/usr/bin/docker-proxy"}
                """.formatted(profile)), 0);
        Hashtable<String, Object> runtime = c.get("io.wharf.runtime");
        assertArrayEquals(new String[] {"nofile=1024:2048"}, (String[]) runtime.get("defaultUlimits"));
        assertEquals(128L << 20, runtime.get("defaultShmSize"));
        assertEquals("host", runtime.get("defaultCgroupnsMode"));
        assertEquals("/ops", runtime.get("cgroupParent"));
        assertEquals(Boolean.TRUE, runtime.get("noNewPrivileges"));
        assertEquals(profile.toString(), runtime.get("seccompProfile"));
        assertArrayEquals(new String[] {"corp.example"}, (String[]) runtime.get("dnsSearch"));
        assertArrayEquals(new String[] {"ndots:2"}, (String[]) runtime.get("dnsOptions"));
    }

    @Test
    void engineAndNetworkKeysGoToTheirConcerns() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"icc": false, "max-download-attempts": 2, "ip-forward": false, "ip": "127.0.0.1",
                 "proxies": {"http-proxy": "http://p.example:3128", "https-proxy": "http://p.example:3129",
                             "no-proxy": "*.corp.example"}}
                """), 0);
        assertEquals("http://p.example:3128", c.get("io.wharf.registry").get("httpProxy"));
        assertEquals("http://p.example:3129", c.get("io.wharf.registry").get("httpsProxy"));
        assertEquals("*.corp.example", c.get("io.wharf.registry").get("noProxy"));
        assertEquals(Boolean.FALSE, c.get("io.wharf.network").get("icc"));
        assertEquals(2, c.get("io.wharf.registry").get("maxDownloadAttempts"));
        assertEquals("127.0.0.1", c.get("io.wharf.network").get("ip"));
        assertEquals(Boolean.FALSE, c.get("io.wharf.network").get("ipForward"));
    }

    @Test
    void flagsSetTheDefaultsToo() throws Exception {
        Map<String, Object> v = options("{}", "--default-shm-size", "1g", "--dns-search", "a.example",
                "--no-new-privileges", "--exec-opt", "native.cgroupdriver=cgroupfs");
        assertEquals("1g", v.get("default-shm-size"));
        assertEquals(java.util.List.of("a.example"), v.get("dns-search"));
        assertEquals(true, v.get("no-new-privileges"));
    }

    @Test
    void valuesWharfCannotHonourAreRefusedAtStart() throws Exception {
        assertTrue(refusal("{\"exec-opts\": [\"native.cgroupdriver=systemd\"]}").contains("systemd driver"));
        assertTrue(refusal("{\"exec-opts\": [\"native.other=1\"]}").contains("unknown option native.other"));
        assertTrue(refusal("{\"features\": {\"buildkit\": true}}").contains("only the classic builder"));
        assertTrue(refusal("{\"default-cgroupns-mode\": \"shared\"}").contains("(shared) is invalid"));
        assertTrue(refusal("{\"shutdown-timeout\": -2}").contains("invalid shutdown-timeout: -2"));
        options("{\"shutdown-timeout\": 30}"); // accepted: containers outlive wharfd, nothing waits
        assertTrue(refusal("{\"default-shm-size\": \"lots\"}").contains("invalid default-shm-size"));
        assertTrue(refusal("{\"seccomp-profile\": \"/no/such/profile.json\"}").contains("/no/such/profile.json"));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"defaultAction\": ");
        assertTrue(refusal("{\"seccomp-profile\": \"" + broken + "\"}").contains("broken.json"));
        assertTrue(refusal("{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 1, \"Soft\": 2}}}")
                .contains("soft limit must be less than or equal to hard limit"));
        assertTrue(refusal("{\"default-ulimits\": {\"nofile\": 5}}").contains("invalid default-ulimits entry"));
        assertTrue(refusal("{\"proxies\": {\"ftp-proxy\": \"x\"}}").contains("invalid proxies entry \"ftp-proxy\""));
        assertTrue(refusal("{\"ip\": \"127.0.0.256\"}").startsWith("invalid ip: 127.0.0.256"));
        assertTrue(refusal("{\"max-download-attempts\": 0}").contains("invalid max download attempts: 0"));
    }

    @Test
    void sizesAreReadAsDockerReadsThem() {
        assertEquals(64L << 20, DaemonDirectives.ramInBytes("k", "64M"));
        assertEquals(64L << 20, DaemonDirectives.ramInBytes("k", "64mb"));
        assertEquals(1L << 30, DaemonDirectives.ramInBytes("k", "1GiB"));
        assertEquals(65536L, DaemonDirectives.ramInBytes("k", "65536"));
        assertEquals(1536L, DaemonDirectives.ramInBytes("k", "1.5k"));
        assertThrows(IllegalArgumentException.class, () -> DaemonDirectives.ramInBytes("k", "0"));
        assertThrows(IllegalArgumentException.class, () -> DaemonDirectives.ramInBytes("k", "-1m"));
    }
}
