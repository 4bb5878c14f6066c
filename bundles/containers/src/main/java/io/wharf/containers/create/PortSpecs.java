package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.api.network.ConnectRequest.PortRequest;
import io.wharf.api.network.EndpointSpec.PortBinding;
import io.wharf.containers.model.ContainerConfigJson;
import io.wharf.containers.model.ContainerRecord.PortBindingRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.support.Ipv6;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Published ports: HostConfig.PortBindings ({@code "80/tcp": [{"HostIp": "", "HostPort": "8080"}]}, a HostPort
 * may be a range "8000-8010" or empty for any) and -P (every exposed port on a free host port).
 */
public final class PortSpecs {
    private PortSpecs() {
    }

    /** A container port key: "80/tcp" (the protocol defaults to tcp). */
    public record PortKey(int port, String protocol) {
        public static PortKey parse(String key) {
            String spec = key.trim();
            String proto = "tcp";
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                proto = spec.substring(slash + 1).toLowerCase();
                spec = spec.substring(0, slash);
            }
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw EngineException.invalid("invalid port specification: \"%s\"", key);
            }
            int port = parsePort(spec, key);
            if (port == 0) {
                throw EngineException.invalid("invalid port specification: \"%s\"", key);
            }
            return new PortKey(port, proto);
        }

        @Override
        public String toString() {
            return port + "/" + protocol;
        }
    }

    /** Validates the bindings and exposed ports (at create). */
    public static void validate(ContainerConfigJson config, HostConfig hc) {
        requests(config, hc);
    }

    /** What to ask the network service for, in a stable order. */
    public static List<PortRequest> requests(ContainerConfigJson config, HostConfig hc) {
        Map<PortKey, List<Map<String, String>>> bindings = new TreeMap<>(
                (a, b) -> a.port != b.port ? Integer.compare(a.port, b.port) : a.protocol.compareTo(b.protocol));
        if (hc.portBindings != null) {
            hc.portBindings.forEach((key, list) -> bindings.put(PortKey.parse(key),
                    list == null || list.isEmpty() ? List.of(Map.of()) : list));
        }
        if (hc.publishAllPorts && config.exposedPorts != null) {
            for (String key : config.exposedPorts.keySet()) {
                bindings.putIfAbsent(PortKey.parse(key), List.of(Map.of()));
            }
        }
        List<PortRequest> result = new ArrayList<>();
        bindings.forEach((key, list) -> {
            for (Map<String, String> b : list) {
                String hostIp = b == null || b.get("HostIp") == null ? "" : b.get("HostIp").trim();
                String hostPort = b == null || b.get("HostPort") == null ? "" : b.get("HostPort").trim();
                int start = 0;
                int end = 0;
                if (!hostPort.isEmpty()) {
                    int dash = hostPort.indexOf('-');
                    start = parsePort(dash < 0 ? hostPort : hostPort.substring(0, dash), hostPort);
                    end = dash < 0 ? start : parsePort(hostPort.substring(dash + 1), hostPort);
                    if (end < start) {
                        throw EngineException.invalid("invalid port range: %s", hostPort);
                    }
                }
                if (hostIp.startsWith("[") && hostIp.endsWith("]")) {
                    hostIp = hostIp.substring(1, hostIp.length() - 1);
                }
                if (!hostIp.isEmpty() && !hostIp.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !Ipv6.isValid(hostIp)) {
                    throw EngineException.invalid("invalid IP address: %s", hostIp);
                }
                result.add(new PortRequest(key.protocol, key.port, hostIp, start, end));
            }
        });
        return result;
    }

    /** NetworkSettings.Ports: every exposed or published port, with its host bindings or null. */
    public static Map<String, List<PortBindingRecord>> inspectPorts(ContainerConfigJson config, HostConfig hc,
                                                                    List<PortBinding> bound) {
        return inspectPorts(config, hc, bound, false);
    }

    /**
     * NetworkSettings.Ports: every exposed or published port, with its host bindings or null.
     *
     * @param dualStack the ports were published on a dual-stack network: a binding on every address shows as
     *                  0.0.0.0 and ::, as dockerd shows it
     */
    public static Map<String, List<PortBindingRecord>> inspectPorts(ContainerConfigJson config, HostConfig hc,
                                                                    List<PortBinding> bound, boolean dualStack) {
        Map<String, List<PortBindingRecord>> ports = new LinkedHashMap<>();
        if (config.exposedPorts != null) {
            for (String key : config.exposedPorts.keySet()) {
                ports.put(PortKey.parse(key).toString(), null);
            }
        }
        for (PortBinding b : bound) {
            String key = b.containerPort() + "/" + b.protocol();
            List<PortBindingRecord> list = ports.get(key);
            if (list == null) {
                list = new ArrayList<>();
                ports.put(key, list);
            }
            boolean everywhere = b.hostIp() == null || b.hostIp().isEmpty();
            String ip = everywhere ? "0.0.0.0" : b.hostIp();
            list.add(new PortBindingRecord(ip, Integer.toString(b.hostPort())));
            if (everywhere && dualStack) {
                list.add(new PortBindingRecord("::", Integer.toString(b.hostPort())));
            }
        }
        return ports;
    }

    private static int parsePort(String s, String whole) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 0 || p > 65535) {
                throw EngineException.invalid("invalid port specification: \"%s\"", whole);
            }
            return p;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid port specification: \"%s\"", whole);
        }
    }
}
