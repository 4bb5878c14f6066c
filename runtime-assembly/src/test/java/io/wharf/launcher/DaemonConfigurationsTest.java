package io.wharf.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigurationsTest {
    @TempDir
    Path dir;

    private Map<String, Object> options(String json, String... flags) throws Exception {
        return DaemonJsonFixture.options(dir, json, flags);
    }

    @Test
    void everyConcernGetsItsOwnPidEvenWhenNothingIsSet() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("{}"), 0, Map.of());
        assertEquals(List.of("io.wharf.daemon", "io.wharf.api", "io.wharf.storage", "io.wharf.network",
                "io.wharf.registry", "io.wharf.runtime", "io.wharf.engine", "io.wharf.plugins"),
                List.copyOf(c.keySet()));
        assertTrue(c.get("io.wharf.plugins").isEmpty(), "dockerd's plugin paths by default");
        assertTrue(c.get("io.wharf.api").isEmpty(), "defaults come from the annotation types");
        assertEquals(Map.of("reloads", 0), c.get("io.wharf.engine"));
    }

    @Test
    void metricsAddrPublishesTheMetricsConfigurationOnlyWhenSetAndOnlyOnLoopback() throws Exception {
        assertFalse(DaemonConfigurations.of(options("{}"), 0).containsKey("io.wharf.metrics"));
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(
                options("{\"metrics-addr\": \"127.0.0.1:9323\"}"), 0);
        assertEquals(Map.of("address", "127.0.0.1:9323"), c.get("io.wharf.metrics"));
        assertEquals("[::1]:1", options("{}", "--metrics-addr", "[::1]:1").get("metrics-addr"));
        IllegalArgumentException remote = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> options("{\"metrics-addr\": \"0.0.0.0:9323\"}"));
        assertTrue(remote.getMessage().contains("loopback"), remote.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options("{}", "--metrics-addr", "localhost"));
    }

    @Test
    void authorizationPluginsAndPluginDirectoriesGoToThePluginsPid() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"authorization-plugins": ["deny-rm", "audit"]}"""), 0,
                Map.of("WHARF_PLUGIN_SOCKETS_DIR", "/tmp/s", "WHARF_PLUGIN_SPEC_DIRS", "/tmp/a:/tmp/b"));
        Hashtable<String, Object> plugins = c.get("io.wharf.plugins");
        assertEquals(List.of("deny-rm", "audit"), List.of((String[]) plugins.get("authorizationPlugins")));
        assertEquals("/tmp/s", plugins.get("socketsDir"));
        assertEquals(List.of("/tmp/a", "/tmp/b"), List.of((String[]) plugins.get("specDirs")));
    }

    @Test
    void keysBecomeTypedPropertiesOfTheirConcern() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"data-root": "/srv/wharf", "storage-driver": "vfs", "storage-opts": ["size=1G"],
                 "tlsverify": true, "mtu": 1400, "registry-mirrors": ["https://m.example"],
                 "max-concurrent-downloads": 7, "labels": ["a=b"], "live-restore": true,
                 "pidfile": "/run/x.pid", "log-level": "warn", "ipv6": true}
                """, "-H", "unix:///tmp/a.sock", "-H", "tcp://127.0.0.1:2375", "--fixed-cidr-v6", "fd5a:9::/64"), 2);
        for (String pid : List.of("io.wharf.daemon", "io.wharf.storage", "io.wharf.network", "io.wharf.registry",
                "io.wharf.runtime")) {
            assertEquals("/srv/wharf", c.get(pid).get("dataRoot"), pid);
        }
        assertFalse(c.get("io.wharf.api").containsKey("dataRoot"));
        assertEquals("vfs", c.get("io.wharf.storage").get("storageDriver"));
        assertArrayEquals(new String[] {"size=1G"}, (String[]) c.get("io.wharf.storage").get("storageOpts"));
        assertArrayEquals(new String[] {"unix:///tmp/a.sock", "tcp://127.0.0.1:2375"},
                (String[]) c.get("io.wharf.api").get("hosts"));
        assertEquals(Boolean.TRUE, c.get("io.wharf.api").get("tlsVerify"));
        assertEquals(1400, c.get("io.wharf.network").get("mtu"));
        assertEquals(Boolean.TRUE, c.get("io.wharf.network").get("ipv6"));
        assertEquals("fd5a:9::/64", c.get("io.wharf.network").get("fixedCidrV6"));
        assertEquals(7, c.get("io.wharf.registry").get("maxConcurrentDownloads"));
        assertArrayEquals(new String[] {"https://m.example"},
                (String[]) c.get("io.wharf.registry").get("registryMirrors"));
        assertArrayEquals(new String[] {"a=b"}, (String[]) c.get("io.wharf.engine").get("labels"));
        assertEquals(Boolean.TRUE, c.get("io.wharf.engine").get("liveRestore"));
        assertEquals(2, c.get("io.wharf.engine").get("reloads"));
        c.values().forEach(d -> {
            assertFalse(d.containsKey("pidfile"));
            assertFalse(d.containsKey("logLevel"));
        });
    }

    @Test
    void runtimesAndAddressPoolsAreFlattenedToStrings() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"runtimes": {"kata": {"path": "/opt/kata", "runtimeArgs": ["--debug", "--x=y"]}},
                 "default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}
                """, "--add-runtime", "crun2=/usr/bin/crun"), 0);
        Hashtable<String, Object> runtime = c.get("io.wharf.runtime");
        assertArrayEquals(new String[] {"crun2=/usr/bin/crun"}, (String[]) runtime.get("runtimes"),
                "a flag replaces the file's runtimes, as for every key");
        c = DaemonConfigurations.of(options("""
                {"runtimes": {"kata": {"path": "/opt/kata", "runtimeArgs": ["--debug", "--x=y"]}},
                 "default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}
                """), 0);
        runtime = c.get("io.wharf.runtime");
        assertArrayEquals(new String[] {"kata=/opt/kata"}, (String[]) runtime.get("runtimes"));
        assertArrayEquals(new String[] {"kata=--debug", "kata=--x=y"}, (String[]) runtime.get("runtimeArgs"));
        assertArrayEquals(new String[] {"base=10.10.0.0/16,size=24"},
                (String[]) c.get("io.wharf.network").get("defaultAddressPools"));
    }

    @Test
    void logDriverAndLogOptsGoToTheRuntimeConcernAndAreChecked() throws Exception {
        Map<String, Hashtable<String, Object>> c = DaemonConfigurations.of(options("""
                {"log-driver": "local", "log-opts": {"max-size": "5m"}}
                """, "--log-opt", "max-file=4"), 0);
        Hashtable<String, Object> runtime = c.get("io.wharf.runtime");
        assertEquals("local", runtime.get("logDriver"));
        assertArrayEquals(new String[] {"max-file=4"}, (String[]) runtime.get("logOpts"),
                "a flag replaces the file's map, as for every key");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options("{\"log-opts\": {\"max-size\": \"1m\", \"colour\": \"red\"}}"));
        assertEquals("failed to set log opts: unknown log opt 'colour' for json-file log driver", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options("{\"log-opts\": {\"max-size\": 1}}"));
        assertTrue(e.getMessage().startsWith("invalid type for \"log-opts\""), e.getMessage());
    }
}
