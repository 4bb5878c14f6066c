package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityModulesTest {
    @TempDir
    Path sys;

    @Test
    void appArmorCountsWhenItsModuleSaysYAndSelinuxWhenSelinuxfsIsMounted() throws IOException {
        assertEquals(SecurityModules.NONE, SecurityModules.detect(sys));
        Path enabled = Files.createDirectories(sys.resolve("module/apparmor/parameters")).resolve("enabled");
        Files.writeString(enabled, "N\n");
        assertEquals(SecurityModules.NONE, SecurityModules.detect(sys), "built in but switched off");
        Files.writeString(enabled, "Y\n");
        assertEquals(new SecurityModules(true, false), SecurityModules.detect(sys));
        Files.writeString(Files.createDirectories(sys.resolve("fs/selinux")).resolve("enforce"), "1");
        assertEquals(new SecurityModules(true, true), SecurityModules.detect(sys));
    }

    @Test
    void thisHostHasNeither() {
        // the CI machines run without an LSM; the refusal tests depend on it, so say so if that changes
        assertEquals(SecurityModules.NONE, SecurityModules.detect());
    }
}
