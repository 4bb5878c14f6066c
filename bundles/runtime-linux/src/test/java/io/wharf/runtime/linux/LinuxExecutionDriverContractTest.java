package io.wharf.runtime.linux;

import io.wharf.api.runtime.ExecutionDriver;
import io.wharf.api.testkit.ExecutionDriverContract;
import io.wharf.linux.LinuxFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** runc under conmon, as wharfd runs them, with the containers under a cgroup of the test's own. */
class LinuxExecutionDriverContractTest extends ExecutionDriverContract {
    private static final String CGROUP_PARENT = "/wharf-contract";

    @Override
    protected ExecutionDriver open(Path state) throws IOException {
        return LinuxExecutionDriver.open(new LinuxExecutionDriver.Settings(state, "runc", Map.of(),
                Path.of("/usr/bin/conmon"), CGROUP_PARENT, "error"), LinuxFs.get());
    }

    @Override
    protected void close(ExecutionDriver driver) throws IOException {
        ((LinuxExecutionDriver) driver).close();
    }

    @AfterAll
    static void removeCgroups() {
        for (String controller : List.of("cpu", "cpuacct", "cpuset", "memory", "pids", "blkio", "devices",
                "freezer", "systemd", "unified", "")) {
            try {
                Files.deleteIfExists(Path.of("/sys/fs/cgroup", controller, CGROUP_PARENT));
            } catch (IOException ignored) {
                // still busy: a container of another run
            }
        }
    }
}
