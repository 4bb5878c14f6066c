package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.ResourceLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fixed hosts and specs for the pure spec-generation tests. */
final class TestHosts {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private TestHosts() {
    }

    /** Like this VM: every capability but CAP_SYS_RESOURCE, nofile hard 20000, core unlimited. */
    static HostInfo amd64Host() {
        List<String> caps = new ArrayList<>(Capabilities.ALL);
        caps.remove("CAP_SYS_RESOURCE");
        return new HostInfo(caps, Map.of("RLIMIT_NOFILE", 20000L, "RLIMIT_CORE", ResourceLimits.UNLIMITED,
                "RLIMIT_NPROC", 96365L), new HostInfo.KernelVersion(6, 1), "amd64", true, false);
    }

    /** Pretends /dev holds null and sda, and that any --device path is a char device 4:5. */
    static HostDevices fakeDevices() {
        return new HostDevices(LinuxFs.get()) {
            @Override
            List<Device> fromPath(String hostPath, String containerPath) {
                return List.of(new Device(containerPath, "c", 4, 5, 0620, 0, 5));
            }

            @Override
            List<Device> all() {
                return List.of(new Device("/dev/null", "c", 1, 3, 0666, 0, 0),
                        new Device("/dev/sda", "b", 8, 0, 0660, 0, 6));
            }
        };
    }

    static OciSpecGenerator generator(HostInfo host) {
        return new OciSpecGenerator(JSON, host, fakeDevices(), new SeccompConverter(JSON, host.goArch(),
                host.kernel()), "/wharf");
    }

    static ProcessSpec process(String... args) {
        return new ProcessSpec(List.of(args), List.of("PATH=/bin"), "/", 0, 0, List.of(), false, false, List.of());
    }

    static SecuritySpec security(boolean privileged, List<String> caps, String seccomp) {
        return new SecuritySpec(privileged, caps, false, seccomp, null, null);
    }

    static ContainerSpec spec(ProcessSpec process, SecuritySpec security, List<NamespaceSpec> namespaces,
                              List<MountSpec> mounts, List<DeviceSpec> devices, Resources resources) {
        return new ContainerSpec(ID, "name", "runc", Path.of("/rootfs"), false, process, "host1", "example.org",
                namespaces, mounts, devices, security, resources, Map.of("net.ipv4.ip_forward", "1"),
                Path.of("/logs/x.log"), Map.of("org.example/a", "b"));
    }

    static List<NamespaceSpec> defaultNamespaces() {
        return List.of(NamespaceSpec.fresh("pid"), NamespaceSpec.fresh("network"), NamespaceSpec.fresh("ipc"),
                NamespaceSpec.fresh("uts"), NamespaceSpec.fresh("mount"));
    }
}
