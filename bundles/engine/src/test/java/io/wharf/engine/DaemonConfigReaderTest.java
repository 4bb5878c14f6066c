package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.config.DaemonConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonConfigReaderTest {
    @Test
    void readsEveryKindOfKey() throws Exception {
        DaemonConfig c = DaemonConfigReader.read("""
                {"hosts":["unix:///tmp/a.sock","tcp://127.0.0.1:2375"],"data-root":"/d","debug":true,
                 "max-concurrent-downloads":7,"runtimes":{"crun":{"path":"/usr/bin/crun","runtimeArgs":["--x"]}},
                 "default-address-pools":[{"base":"10.10.0.0/16","size":24}],"labels":["a=b"]}""");
        assertEquals(List.of("unix:///tmp/a.sock", "tcp://127.0.0.1:2375"), c.hostsOrDefault());
        assertEquals("/d", c.dataRootPath().toString());
        assertTrue(c.debug());
        assertEquals(7, c.maxConcurrentDownloadsOrDefault());
        assertEquals("/usr/bin/crun", c.runtimes().get("crun").path());
        assertEquals(List.of("--x"), c.runtimes().get("crun").runtimeArgs());
        assertEquals(24, c.defaultAddressPools().get(0).size());
        assertEquals(List.of("a=b"), c.labels());
    }

    @Test
    void defaultsWhenEmpty() throws Exception {
        DaemonConfig c = DaemonConfigReader.read("{}");
        assertEquals(List.of(DaemonConfig.DEFAULT_SOCKET), c.hostsOrDefault());
        assertEquals("/var/lib/wharf", c.dataRootPath().toString());
        assertNull(c.storageDriver());
        assertEquals("runc", c.defaultRuntimeOrRunc());
    }
}
