package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.OciJson.nullToEmpty;
import static io.wharf.runtime.linux.OciJson.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ContainerSpec;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.NamespaceSpec;
import io.wharf.api.runtime.Resources;
import io.wharf.api.runtime.SecuritySpec;
import io.wharf.support.SecurityModules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds an OCI runtime config.json from a {@link ContainerSpec} the way Docker does (moby's
 * {@code oci.DefaultLinuxSpec} plus {@code daemon/oci_linux.go}). This class assembles the document; the process,
 * mounts, devices, resources and confinement each have a builder of their own. Pure: everything host-specific
 * comes from {@link HostInfo} and {@link HostDevices}.
 */
final class OciSpecGenerator {
    static final String OCI_VERSION = "1.0.2-dev";
    static final List<String> DEFAULT_MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> DEFAULT_READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    /** The values of {@code linux.rootfsPropagation} runc knows. */
    static final Set<String> ROOTFS_PROPAGATIONS = Set.of("shared", "slave", "private", "unbindable", "rshared",
            "rslave", "rprivate", "runbindable");

    private final ObjectMapper json;
    private final String cgroupParent;
    private final OciProcesses processes;
    private final OciMounts mounts;
    private final OciDevices devices;
    private final OciResources resources;
    private final OciConfinement confinement;

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
        this.cgroupParent = cgroupParent;
        this.processes = new OciProcesses(json, host);
        this.mounts = new OciMounts(json);
        this.devices = new OciDevices(json, hostDevices);
        this.resources = new OciResources(json, host);
        this.confinement = new OciConfinement(seccomp, securityModules, appArmor);
    }

    String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    ObjectNode generate(ContainerSpec spec) {
        SecuritySpec security = spec.security() != null ? spec.security()
                : new SecuritySpec(false, null, false, null, null, null);
        boolean privileged = security.privileged();
        List<String> caps = processes.capabilities(privileged, security.capabilities());

        ObjectNode config = json.createObjectNode();
        config.put("ociVersion", OCI_VERSION);
        ObjectNode process = processes.process(spec.process(), caps, security.noNewPrivileges());
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
        config.set("mounts", mounts.mounts(nullToEmpty(spec.mounts()), privileged));

        ObjectNode linux = config.putObject("linux");
        ObjectNode limits = resources(spec.resources() != null ? spec.resources() : Resources.none());
        ArrayNode deviceRules = json.createArrayNode();
        devices.add(privileged, nullToEmpty(spec.devices()), nullToEmpty(spec.deviceCgroupRules()),
                linux.putArray("devices"), deviceRules);
        limits.set("devices", deviceRules);
        linux.set("resources", limits);
        linux.put("cgroupsPath", cgroupsPath(spec.id()));
        rootfsPropagation(spec.rootfsPropagation(), linux);
        ArrayNode ns = linux.putArray("namespaces");
        for (NamespaceSpec namespace : namespaces) {
            ObjectNode node = ns.addObject().put("type", namespace.type());
            if (namespace.path() != null) {
                node.put("path", namespace.path());
            }
        }
        if (!privileged) {
            ObjectNode profile = confinement.seccomp(security.seccompProfile(), caps);
            if (profile != null) {
                linux.set("seccomp", profile);
            }
        }
        confinement.confine(security, process, linux);
        linux.set("maskedPaths", strings(json, privileged ? List.of()
                : security.maskedPaths() != null ? security.maskedPaths() : DEFAULT_MASKED_PATHS));
        linux.set("readonlyPaths", strings(json, privileged ? List.of()
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

    /** The OCI process of an exec in a container whose config.json process is {@code containerProcess}. */
    ObjectNode execProcess(ExecSpec exec, JsonNode containerProcess) {
        return processes.execProcess(exec, containerProcess);
    }

    /** linux.resources (without devices), also the body of {@code runc update -r}. */
    ObjectNode resources(Resources r) {
        return resources.resources(r);
    }

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

    /** Checked here, since runc would only fail at start with a message about its own parsing. */
    private static void rootfsPropagation(String propagation, ObjectNode linux) {
        if (propagation == null || propagation.isEmpty()) {
            return; // runc's default: rslave
        }
        if (!ROOTFS_PROPAGATIONS.contains(propagation)) {
            throw EngineException.invalid("invalid root mount propagation %s (one of %s)", propagation,
                    String.join(", ", new TreeSet<>(ROOTFS_PROPAGATIONS)));
        }
        linux.put("rootfsPropagation", propagation);
    }

    private static boolean hasPrivate(List<NamespaceSpec> namespaces, String type) {
        return namespaces.stream().anyMatch(ns -> ns.type().equals(type));
    }

    static Map<String, String> withoutKey(Map<String, String> map, String key) {
        if (map == null || !map.containsKey(key)) {
            return map;
        }
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return copy;
    }
}
