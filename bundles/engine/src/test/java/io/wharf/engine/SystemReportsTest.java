package io.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.config.DaemonConfig;
import io.wharf.api.config.DaemonSettings;
import io.wharf.engine.rest.InfoBody;
import io.wharf.support.SecurityModules;
import java.util.List;
import java.util.function.Consumer;
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
        DaemonConfig startup = DaemonConfigReader.read("{\"data-root\":\"/tmp/wharf-test-root\"}");
        DaemonConfig live = DaemonConfigReader.read("{\"debug\":true,\"labels\":[\"a=b\"]}");
        SystemReports reports = new SystemReports(new SystemReports.Identity("0.1.0", "ENGINE-ID", "t"),
                HostFacts.system(), startup, settings(live),
                new SystemReports.Services(() -> null, () -> null, () -> null));
        InfoBody info = reports.info();
        assertEquals("ENGINE-ID", info.id());
        assertEquals(0, info.containers());
        assertEquals(0, info.images());
        assertEquals("", info.driver());
        assertTrue(info.debug());
        assertEquals(List.of("a=b"), info.labels());
        assertEquals("/tmp/wharf-test-root", info.dockerRootDir());
    }

    private static DaemonSettings settings(DaemonConfig current) {
        return new DaemonSettings() {
            @Override
            public DaemonConfig current() {
                return current;
            }

            @Override
            public AutoCloseable onReload(Consumer<DaemonConfig> listener) {
                return () -> { };
            }
        };
    }
}
