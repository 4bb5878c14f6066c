package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupParentSettingTest {
    private static String parent(String setting) {
        return LinuxExecutionDriver.Settings.defaults(Path.of("/run/x"), "runc", Map.of())
                .withCgroupParent(setting).cgroupParent();
    }

    @Test
    void daemonJsonCgroupParentIsAnAbsoluteCgroupfsPath() {
        assertEquals("/wharf", parent(""));
        assertEquals("/ops/containers", parent("/ops/containers/"));
        assertEquals("/ops", parent("ops"));
    }
}
