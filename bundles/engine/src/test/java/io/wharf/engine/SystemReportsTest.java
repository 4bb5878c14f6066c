package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.engine.rest.InfoBody;
import io.wharf.support.SecurityModules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemReportsTest {
    @Test
    void securityOptionsListTheModulesPresentAroundSeccomp() {
        assertEquals(List.of("name=seccomp,profile=builtin"),
                SystemReports.securityOptions(new SecurityModules(false, false)));
        assertEquals(List.of("name=apparmor", "name=seccomp,profile=builtin", "name=selinux"),
                SystemReports.securityOptions(new SecurityModules(true, true)));
    }

    @Test
    void infoWithoutServicesCountsNothingAndReadsTheLiveSettings() throws Exception {
        InfoSettings live = new InfoSettings("/tmp/wharf-test-root", true, List.of("a=b"), false, List.of(),
                List.of(), Map.of(), "runc", "journald");
        SystemReports reports = new SystemReports(new SystemReports.Identity("0.1.0", "ENGINE-ID", "t"),
                HostFacts.system(), () -> live,
                new SystemReports.Services(() -> null, () -> null, () -> null));
        InfoBody info = reports.info();
        assertEquals("ENGINE-ID", info.id());
        assertEquals(0, info.containers());
        assertEquals(0, info.images());
        assertEquals("", info.driver());
        assertTrue(info.debug());
        assertEquals(List.of("a=b"), info.labels());
        assertEquals("/tmp/wharf-test-root", info.dockerRootDir());
        assertEquals("journald", info.loggingDriver(), "daemon.json's log-driver");
    }
}
