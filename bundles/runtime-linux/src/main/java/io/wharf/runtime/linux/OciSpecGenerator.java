package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.DeviceSpec;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.MountSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.ProcessSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.linux.ResourceLimits;
import io.wharf.support.SecurityModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds an OCI runtime config.json from a {@link ContainerSpec} the way Docker does (moby's
 * {@code oci.DefaultLinuxSpec} plus {@code daemon/oci_linux.go}): default mounts, devices and device cgroup rules,
 * capabilities, seccomp, masked paths, resources. Pure: everything host-specific comes from {@link HostInfo}
 * and {@link HostDevices}.
 */
final class OciSpecGenerator {
    static final String OCI_VERSION = "1.0.2-dev";
    static final List<String> DEFAULT_MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> DEFAULT_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    /** The docker run default: 100 ms CFS periods for --cpus. */
    static final long NANO_CPUS_PERIOD = 100_000L;
    private static final BigInteger UNSIGNED_INFINITY = new BigInteger("18446744073709551615");

    private final ObjectMapper json;
    private final HostInfo host;
    private final HostDevices hostDevices;
    private final SeccompConverter seccomp;
    private final String cgroupParent;
    private final SecurityModules securityModules;
    private final AppArmorProfiles appArmor;

    /** For a host without security modules. */
    OciSpecGenerator(ObjectMapper json, HostInfo host, HostDevices hostDevices, SeccompConverter seccomp,
                     String cgroupParent) {
        this(json, host, hostDevices, seccomp, cgroupParent, SecurityModules.NONE, null);
    }

    /**
     * @param cgroupParent    the cgroup under which containers go, e.g. {@code /wharf}
     * @param securityModules the LSMs the host enforces
     * @param appArmor        loads Docker's default profile where AppArmor is on
     */
    OciSpecGenerator(ObjectMapper json, HostInfo host, HostDevices hostDevices, SeccompConverter seccomp,
                     String cgroupParent, SecurityModules securityModules, AppArmorProfiles appArmor) {
        this.json = json;
        this.host = host;
        this.hostDevices = hostDevices;
        this.seccomp = seccomp;
        this.cgroupParent = cgroupParent;
        this.securityModules = securityModules;
        this.appArmor = appArmor;
    }

    String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    ObjectNode generate(ContainerSpec spec) {
        SecuritySpec security = spec.security() != null ? spec.security()
                : new SecuritySpec(false, null, false, null, null, null);
        boolean privileged = security.privileged();
        List<String> caps = capabilities(privileged, security.capabilities());

        ObjectNode config = json.createObjectNode();
        config.put("ociVersion", OCI_VERSION);
        ObjectNode process = process(spec.process(), caps, security.noNewPrivileges());
        config.set("process", process);
        ObjectNode root = config.putObject("root");
        root.put("path", spec.rootfs().toAbsolutePath().toString());
        root.put("readonly", spec.readonlyRootfs());
        List<NamespaceSpec> namespaces = namespaces(spec.namespaces());
        if (hasPrivate(namespaces, "uts")) {
            if (spec.hostname() != null && !spec.hostname().isEmpty()) {
                config.put("hostname", spec.hostname());
            }
            if (spec.domainname() != null && !spec.domainname().isEmpty()) {
                config.put("domainname", spec.domainname());
            }
        }
        config.set("mounts", mounts(nullToEmpty(spec.mounts()), privileged));

        ObjectNode linux = config.putObject("linux");
        ObjectNode resources = resources(spec.resources() != null ? spec.resources() : Resources.none());
        ArrayNode deviceRules = json.createArrayNode();
        ArrayNode devices = linux.putArray("devices");
        devices(privileged, nullToEmpty(spec.devices()), devices, deviceRules);
        resources.set("devices", deviceRules);
        linux.set("resources", resources);
        linux.put("cgroupsPath", cgroupsPath(spec.id()));
        ArrayNode ns = linux.putArray("namespaces");
        for (NamespaceSpec namespace : namespaces) {
            ObjectNode node = ns.addObject().put("type", namespace.type());
            if (namespace.path() != null) {
                node.put("path", namespace.path());
            }
        }
        if (!privileged) {
            ObjectNode profile = seccompFor(security.seccompProfile(), caps);
            if (profile != null) {
                linux.set("seccomp", profile);
            }
        }
        confine(security, process, linux);
        linux.set("maskedPaths", strings(privileged ? List.of()
                : security.maskedPaths() != null ? security.maskedPaths() : DEFAULT_MASKED_PATHS));
        linux.set("readonlyPaths", strings(privileged ? List.of()
                : security.readonlyPaths() != null ? security.readonlyPaths() : DEFAULT_READONLY_PATHS));
        if (spec.sysctls() != null && !spec.sysctls().isEmpty()) {
            ObjectNode sysctl = linux.putObject("sysctl");
            spec.sysctls().forEach(sysctl::put);
        }
        if (spec.annotations() != null && !spec.annotations().isEmpty()) {
            ObjectNode annotations = config.putObject("annotations");
            spec.annotations().forEach(annotations::put);
        }
        return config;
    }

    /**
     * The AppArmor profile and SELinux labels. What the host cannot enforce is refused, never left out: only
     * "unconfined" needs nothing where AppArmor is off.
     */
    private void confine(SecuritySpec security, ObjectNode process, ObjectNode linux) {
        String profile = security.appArmorProfile();
        if (profile != null && !profile.isEmpty()) {
            if (securityModules.appArmor()) {
                if (profile.equals(AppArmorProfiles.DEFAULT)) {
                    appArmor.ensureDefaultLoaded();
                }
                process.put("apparmorProfile", profile);
            } else if (!profile.equals(SecuritySpec.UNCONFINED)) {
                throw EngineException.invalid("AppArmor profile %s was asked for, but AppArmor is not enabled on "
                        + "this host", profile);
            }
        }
        boolean labelled = notEmpty(security.selinuxLabel()) || notEmpty(security.mountLabel());
        if (labelled && !securityModules.selinux()) {
            throw EngineException.invalid("SELinux labels were asked for, but SELinux is not enabled on this host");
        }
        if (notEmpty(security.selinuxLabel())) {
            process.put("selinuxLabel", security.selinuxLabel());
        }
        if (notEmpty(security.mountLabel())) {
            linux.put("mountLabel", security.mountLabel());
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /**
     * The OCI process of an exec: the exec's own argv, environment, user and terminal; the container's
     * noNewPrivileges and rlimits; the exec's capabilities (all the daemon's when privileged).
     */
    ObjectNode execProcess(ExecSpec exec, JsonNode containerProcess) {
        List<String> caps;
        if (exec.privileged()) {
            caps = host.capabilities();
        } else if (exec.capabilities() != null) {
            caps = capabilities(false, exec.capabilities());
        } else {
            caps = new ArrayList<>();
            containerProcess.path("capabilities").path("bounding").forEach(c -> caps.add(c.asText()));
        }
        ProcessSpec p = exec.process();
        String cwd = p.cwd() != null && !p.cwd().isEmpty() ? p.cwd() : containerProcess.path("cwd").asText("/");
        ProcessSpec withCwd = new ProcessSpec(p.args(), p.env(), cwd, p.uid(), p.gid(), p.additionalGids(),
                p.terminal(), p.openStdin(), List.of());
        ObjectNode process = process(withCwd, caps, containerProcess.path("noNewPrivileges").asBoolean(false));
        if (containerProcess.has("rlimits")) {
            process.set("rlimits", containerProcess.get("rlimits"));
        }
        for (String confinement : List.of("apparmorProfile", "selinuxLabel")) { // an exec is confined alike
            if (containerProcess.has(confinement)) {
                process.set(confinement, containerProcess.get(confinement));
            }
        }
        return process;
    }

    // ---- process

    private ObjectNode process(ProcessSpec p, List<String> caps, boolean noNewPrivileges) {
        if (p == null || p.args() == null || p.args().isEmpty()) {
            throw EngineException.invalid("no command specified");
        }
        ObjectNode process = json.createObjectNode();
        process.put("terminal", p.terminal());
        ObjectNode user = process.putObject("user");
        user.put("uid", p.uid());
        user.put("gid", p.gid());
        if (p.additionalGids() != null && !p.additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            p.additionalGids().forEach(gids::add);
        }
        process.set("args", strings(p.args()));
        process.set("env", strings(nullToEmpty(p.env())));
        process.put("cwd", p.cwd() != null && !p.cwd().isEmpty() ? p.cwd() : "/");
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            capabilities.set(set, strings(caps));
        }
        // Docker 25+ leaves inheritable and ambient empty (CVE-2022-24769).
        capabilities.putArray("inheritable");
        capabilities.putArray("ambient");
        if (p.rlimits() != null && !p.rlimits().isEmpty()) {
            ArrayNode rlimits = process.putArray("rlimits");
            for (ProcessSpec.Rlimit limit : p.rlimits()) {
                rlimits.add(rlimit(limit));
            }
        }
        process.put("noNewPrivileges", noNewPrivileges);
        return process;
    }

    /** Clamps to the host's hard limit: raising a hard limit needs CAP_SYS_RESOURCE, which the daemon may lack. */
    ObjectNode rlimit(ProcessSpec.Rlimit limit) {
        String type = limit.type().toUpperCase(Locale.ROOT);
        if (!type.startsWith("RLIMIT_")) {
            type = "RLIMIT_" + type;
        }
        if (!ResourceLimits.isKnown(type)) {
            throw EngineException.invalid("invalid ulimit type: %s", limit.type());
        }
        long hostHard = host.hardLimit(type);
        long hard = clamp(limit.hard(), hostHard);
        long soft = clamp(limit.soft(), hard);
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        putUnsigned(node, "hard", hard);
        putUnsigned(node, "soft", soft);
        return node;
    }

    /** min(value, ceiling) where a negative value means unlimited (RLIM_INFINITY). */
    private static long clamp(long value, long ceiling) {
        if (ceiling < 0) {
            return value;
        }
        return value < 0 ? ceiling : Math.min(value, ceiling);
    }

    private static void putUnsigned(ObjectNode node, String field, long value) {
        if (value < 0) {
            node.put(field, UNSIGNED_INFINITY);
        } else {
            node.put(field, value);
        }
    }

    private List<String> capabilities(boolean privileged, List<String> requested) {
        if (privileged) {
            return host.capabilities();
        }
        List<String> caps = Capabilities.normalize(requested != null ? requested : Capabilities.DOCKER_DEFAULT);
        // A capability outside the daemon's own bounding set cannot be granted; asking for it would only make
        // runc fail (e.g. CAP_SYS_RESOURCE with --cap-add ALL on hosts without it).
        caps.retainAll(host.capabilities());
        return caps;
    }

    // ---- namespaces

    /** The requested namespaces; a private mount namespace is always there, since runc mounts /proc and /dev. */
    private static List<NamespaceSpec> namespaces(List<NamespaceSpec> requested) {
        List<NamespaceSpec> namespaces = new ArrayList<>();
        boolean mount = false;
        for (NamespaceSpec ns : nullToEmpty(requested)) {
            namespaces.add(ns);
            mount |= ns.type().equals("mount");
        }
        if (!mount) {
            namespaces.add(0, NamespaceSpec.fresh("mount"));
        }
        return namespaces;
    }

    private static boolean hasPrivate(List<NamespaceSpec> namespaces, String type) {
        return namespaces.stream().anyMatch(ns -> ns.type().equals(type));
    }

    // ---- mounts

    private ArrayNode mounts(List<MountSpec> userMounts, boolean privileged) {
        Set<String> userDestinations = new HashSet<>();
        for (MountSpec m : userMounts) {
            userDestinations.add(cleanPath(m.destination()));
        }
        boolean userDev = userDestinations.contains("/dev");
        ArrayNode mounts = json.createArrayNode();
        for (MountSpec m : defaultMounts(privileged)) {
            if (userDestinations.contains(m.destination()) || (userDev && m.destination().startsWith("/dev/"))) {
                continue;
            }
            mounts.add(mount(m));
        }
        List<MountSpec> sorted = new ArrayList<>(userMounts);
        // Parents before children: /a must be mounted before /a/b or it would hide it (stable, like moby's sort).
        sorted.sort(Comparator.comparingInt(m -> depth(m.destination())));
        for (MountSpec m : sorted) {
            mounts.add(mount(m));
        }
        return mounts;
    }

    static List<MountSpec> defaultMounts(boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        return List.of(
                new MountSpec("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new MountSpec("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new MountSpec("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new MountSpec("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
                new MountSpec("/sys/fs/cgroup", "cgroup", "cgroup", List.of(sysMode, "nosuid", "noexec", "nodev")),
                new MountSpec("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new MountSpec("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
    }

    private ObjectNode mount(MountSpec m) {
        ObjectNode node = json.createObjectNode();
        node.put("destination", m.destination());
        if (m.type() != null) {
            node.put("type", m.type());
        }
        if (m.source() != null) {
            node.put("source", m.source());
        }
        node.set("options", strings(nullToEmpty(m.options())));
        return node;
    }

    private static int depth(String destination) {
        String clean = cleanPath(destination);
        return clean.equals("/") ? 0 : clean.split("/").length - 1;
    }

    private static String cleanPath(String path) {
        String clean = Path.of("/").resolve(path).normalize().toString();
        return clean.isEmpty() ? "/" : clean;
    }

    // ---- devices

    private void devices(boolean privileged, List<DeviceSpec> requested, ArrayNode devices, ArrayNode rules) {
        if (privileged) {
            try {
                for (HostDevices.Device device : hostDevices.all()) {
                    devices.add(device(device));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the host's devices for a privileged container", e);
            }
            rules.addObject().put("allow", true).put("access", "rwm");
            return;
        }
        rules.addObject().put("allow", false).put("access", "rwm");
        for (String[] rule : DEFAULT_DEVICE_RULES) {
            ObjectNode node = rules.addObject().put("allow", true).put("type", rule[0]);
            putDeviceNumber(node, "major", rule[1]);
            putDeviceNumber(node, "minor", rule[2]);
            node.put("access", rule[3]);
        }
        for (DeviceSpec spec : requested) {
            String containerPath = spec.containerPath() != null && !spec.containerPath().isEmpty()
                    ? spec.containerPath() : spec.hostPath();
            String access = spec.permissions() != null && !spec.permissions().isEmpty() ? spec.permissions() : "rwm";
            if (!access.matches("[rwm]{1,3}")) {
                throw EngineException.invalid("invalid device mode: %s", spec.permissions());
            }
            for (HostDevices.Device device : hostDevices.fromPath(spec.hostPath(), containerPath)) {
                devices.add(device(device));
                rules.addObject().put("allow", true).put("type", device.type()).put("major", device.major())
                        .put("minor", device.minor()).put("access", access);
            }
        }
    }

    /** Docker's default cgroup device allow list (moby defaults plus runc's AllowedDevices), after "deny all". */
    static final List<String[]> DEFAULT_DEVICE_RULES = List.of(
            new String[] {"c", "*", "*", "m"}, new String[] {"b", "*", "*", "m"},
            new String[] {"c", "1", "3", "rwm"}, new String[] {"c", "1", "5", "rwm"},
            new String[] {"c", "1", "7", "rwm"}, new String[] {"c", "1", "8", "rwm"},
            new String[] {"c", "1", "9", "rwm"}, new String[] {"c", "5", "0", "rwm"},
            new String[] {"c", "5", "1", "rwm"}, new String[] {"c", "5", "2", "rwm"},
            new String[] {"c", "136", "*", "rwm"}, new String[] {"c", "10", "200", "rwm"});

    private static void putDeviceNumber(ObjectNode node, String field, String value) {
        if (!value.equals("*")) { // OCI: an absent major/minor is the wildcard
            node.put(field, Long.parseLong(value));
        }
    }

    private ObjectNode device(HostDevices.Device device) {
        ObjectNode node = json.createObjectNode();
        node.put("path", device.path());
        node.put("type", device.type());
        node.put("major", device.major());
        node.put("minor", device.minor());
        node.put("fileMode", device.fileMode());
        node.put("uid", device.uid());
        node.put("gid", device.gid());
        return node;
    }

    // ---- resources

    /** linux.resources (without devices), also the body of {@code runc update -r}. */
    ObjectNode resources(Resources r) {
        ObjectNode resources = json.createObjectNode();
        ObjectNode memory = json.createObjectNode();
        if (positive(r.memory())) {
            memory.put("limit", r.memory());
        }
        if (positive(r.memoryReservation())) {
            memory.put("reservation", r.memoryReservation());
        }
        if (host.swapLimitSupported()) {
            if (r.memorySwap() != null && r.memorySwap() != 0) {
                memory.put("swap", r.memorySwap() < 0 ? -1 : r.memorySwap());
            } else if (positive(r.memory())) {
                memory.put("swap", r.memory() * 2); // Docker: swap defaults to as much as the memory limit
            }
        }
        if (memory.size() > 0) {
            resources.set("memory", memory);
        }
        ObjectNode cpu = json.createObjectNode();
        if (positive(r.cpuShares())) {
            cpu.put("shares", r.cpuShares());
        }
        if (positive(r.nanoCpus())) {
            cpu.put("quota", r.nanoCpus() * NANO_CPUS_PERIOD / 1_000_000_000L);
            cpu.put("period", NANO_CPUS_PERIOD);
        } else {
            if (r.cpuQuota() != null && r.cpuQuota() != 0) {
                cpu.put("quota", r.cpuQuota());
            }
            if (positive(r.cpuPeriod())) {
                cpu.put("period", r.cpuPeriod());
            }
        }
        if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) {
            cpu.put("cpus", r.cpusetCpus());
        }
        if (r.cpusetMems() != null && !r.cpusetMems().isEmpty()) {
            cpu.put("mems", r.cpusetMems());
        }
        if (cpu.size() > 0) {
            resources.set("cpu", cpu);
        }
        if (r.pidsLimit() != null && r.pidsLimit() != 0) {
            resources.putObject("pids").put("limit", r.pidsLimit() < 0 ? -1 : r.pidsLimit());
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0 && host.blkioWeightSupported()) {
            resources.putObject("blockIO").put("weight", r.blkioWeight());
        }
        return resources;
    }

    // ---- seccomp

    private ObjectNode seccompFor(String profile, List<String> caps) {
        if (SecuritySpec.UNCONFINED.equals(profile)) {
            return null;
        }
        JsonNode docker = profile == null || profile.isBlank() ? seccomp.defaultProfile() : seccomp.parse(profile);
        return seccomp.convert(docker, caps);
    }

    // ---- helpers

    private static boolean positive(Number value) {
        return value != null && value.longValue() > 0;
    }

    private ArrayNode strings(List<String> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list != null ? list : List.of();
    }

    static Map<String, String> withoutKey(Map<String, String> map, String key) {
        if (map == null || !map.containsKey(key)) {
            return map;
        }
        Map<String, String> copy = new java.util.LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
