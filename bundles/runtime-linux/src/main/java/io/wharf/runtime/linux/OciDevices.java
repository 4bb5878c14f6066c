package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.DeviceCgroupRule;
import io.wharf.api.runtime.DeviceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The OCI {@code linux.devices} and the device cgroup rules: every host device for a privileged container, else
 * Docker's default allow list plus the devices asked for.
 */
final class OciDevices {
    /** Docker's default cgroup device allow list (moby defaults plus runc's AllowedDevices), after "deny all". */
    static final List<String[]> DEFAULT_DEVICE_RULES = List.of(
            new String[] {"c", "*", "*", "m"}, new String[] {"b", "*", "*", "m"},
            new String[] {"c", "1", "3", "rwm"}, new String[] {"c", "1", "5", "rwm"},
            new String[] {"c", "1", "7", "rwm"}, new String[] {"c", "1", "8", "rwm"},
            new String[] {"c", "1", "9", "rwm"}, new String[] {"c", "5", "0", "rwm"},
            new String[] {"c", "5", "1", "rwm"}, new String[] {"c", "5", "2", "rwm"},
            new String[] {"c", "136", "*", "rwm"}, new String[] {"c", "10", "200", "rwm"});

    private final ObjectMapper json;
    private final HostDevices hostDevices;

    OciDevices(ObjectMapper json, HostDevices hostDevices) {
        this.json = json;
        this.hostDevices = hostDevices;
    }

    /**
     * Adds the container's device nodes to {@code devices} and its cgroup rules to {@code rules}: the defaults,
     * the devices' own, then the --device-cgroup-rule ones (which a privileged container's allow-all covers).
     */
    void add(boolean privileged, List<DeviceSpec> requested, List<DeviceCgroupRule> extraRules, ArrayNode devices,
             ArrayNode rules) {
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
        for (DeviceCgroupRule rule : extraRules) {
            ObjectNode node = rules.addObject().put("allow", true).put("type", rule.type());
            if (rule.major() != null) { // OCI: an absent major/minor is the wildcard
                node.put("major", rule.major());
            }
            if (rule.minor() != null) {
                node.put("minor", rule.minor());
            }
            node.put("access", rule.access());
        }
    }

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
}
