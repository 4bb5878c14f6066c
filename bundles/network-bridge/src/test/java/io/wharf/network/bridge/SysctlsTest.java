package io.wharf.network.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlsTest {
    @TempDir
    Path procSys;

    private String ipForwardAfterEnabling(boolean ipForward) throws Exception {
        Path setting = Files.createDirectories(procSys.resolve("net/ipv4")).resolve("ip_forward");
        Files.writeString(setting, "0\n");
        new Sysctls(procSys, ipForward).enableIpForwarding();
        return Files.readString(setting).trim();
    }

    @Test
    void ipForwardFalseLeavesTheHostsSettingAlone() throws Exception {
        assertEquals("1", ipForwardAfterEnabling(true));
        assertEquals("0", ipForwardAfterEnabling(false));
    }
}
