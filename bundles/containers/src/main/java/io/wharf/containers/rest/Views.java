package io.wharf.containers.rest;

import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.model.ContainerRecord;
import io.wharf.containers.model.ContainerRecord.MountPointRecord;
import io.wharf.containers.model.HostConfig;
import io.wharf.containers.model.StateRecord;
import io.wharf.containers.store.Container;
import io.wharf.api.model.Digest;
import io.wharf.support.HumanDuration;
import io.wharf.support.Times;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of docker inspect and docker ps, key for key as dockerd sends them (zero values included). */
public final class Views {
    private Views() {
    }

    /** Sizes for ?size=1, or null. */
    public record Sizes(long sizeRw, long sizeRootFs) {
    }

    /** GET /containers/{id}/json. Call while holding the container's monitor. */
    public static Map<String, Object> inspect(Container c, String graphDriver, Sizes sizes) {
        ContainerRecord r = c.record();
        HostConfig hc = c.hostConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id);
        m.put("Created", r.created);
        m.put("Path", r.path);
        m.put("Args", r.args);
        m.put("State", state(r.state));
        m.put("Image", r.imageId);
        m.put("ResolvConfPath", r.resolvConfPath());
        m.put("HostnamePath", r.hostnamePath());
        m.put("HostsPath", r.hostsPath());
        m.put("LogPath", r.logPath);
        m.put("Name", r.name());
        m.put("RestartCount", r.restartCount());
        m.put("Driver", graphDriver);
        m.put("Platform", r.os);
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        List<String> execs = c.execIds();
        m.put("ExecIDs", execs.isEmpty() ? null : execs);
        m.put("HostConfig", hc);
        Map<String, Object> gd = new LinkedHashMap<>();
        gd.put("Data", Map.of());
        gd.put("Name", graphDriver);
        m.put("GraphDriver", gd);
        if (sizes != null) {
            m.put("SizeRw", sizes.sizeRw());
            m.put("SizeRootFs", sizes.sizeRootFs());
        }
        m.put("Mounts", mounts(r.mountPoints));
        m.put("Config", r.config);
        m.put("NetworkSettings", networkSettings(r, hc));
        return m;
    }

    static Map<String, Object> state(StateRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", s.status());
        m.put("Running", s.running);
        m.put("Paused", s.paused);
        m.put("Restarting", s.restarting);
        m.put("OOMKilled", s.oomKilled);
        m.put("Dead", s.dead);
        m.put("Pid", s.pid);
        m.put("ExitCode", s.exitCode);
        m.put("Error", s.error == null ? "" : s.error);
        m.put("StartedAt", s.startedAt);
        m.put("FinishedAt", s.finishedAt);
        if (s.health != null) {
            m.put("Health", s.health);
        }
        return m;
    }

    static List<Map<String, Object>> mounts(List<MountPointRecord> points) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (MountPointRecord p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", p.type);
            if (p.name != null && !p.name.isEmpty()) {
                m.put("Name", p.name);
            }
            m.put("Source", p.source);
            m.put("Destination", p.destination);
            if (p.driver != null && !p.driver.isEmpty()) {
                m.put("Driver", p.driver);
            }
            m.put("Mode", p.mode);
            m.put("RW", p.rw);
            m.put("Propagation", p.propagation);
            result.add(m);
        }
        return result;
    }

    static Map<String, Object> networkSettings(ContainerRecord r, HostConfig hc) {
        Map<String, Object> m = new LinkedHashMap<>();
        EndpointRecord bridge = r.networks().get("bridge");
        boolean live = bridge != null && !bridge.endpointId.isEmpty();
        m.put("Bridge", "");
        m.put("SandboxID", r.sandboxKey().isEmpty() ? "" : sandboxId(r));
        m.put("SandboxKey", r.sandboxKey());
        m.put("Ports", r.ports().isEmpty() && !r.state.running ? Map.of() : r.ports());
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        // the deprecated top-level fields describe the default bridge's endpoint only, as in dockerd
        m.put("EndpointID", live ? bridge.endpointId : "");
        m.put("Gateway", live ? bridge.gateway : "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", live ? bridge.ipAddress : "");
        m.put("IPPrefixLen", live ? bridge.ipPrefixLen : 0);
        m.put("IPv6Gateway", "");
        m.put("MacAddress", live ? bridge.macAddress : "");
        m.put("Networks", r.networks());
        return m;
    }

    /** docker ps PORTS: published ports with their host bindings, exposed ones without. */
    static List<Map<String, Object>> summaryPorts(ContainerRecord r) {
        List<Map<String, Object>> result = new ArrayList<>();
        r.ports().forEach((key, bindings) -> {
            int slash = key.indexOf('/');
            int port = Integer.parseInt(key.substring(0, slash));
            String type = key.substring(slash + 1);
            if (bindings == null || bindings.isEmpty()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("PrivatePort", port);
                p.put("Type", type);
                result.add(p);
                return;
            }
            for (ContainerRecord.PortBindingRecord b : bindings) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("IP", b.hostIp());
                p.put("PrivatePort", port);
                p.put("PublicPort", Integer.parseInt(b.hostPort()));
                p.put("Type", type);
                result.add(p);
            }
        });
        return result;
    }

    private static String sandboxId(ContainerRecord r) {
        return Digest.sha256(("wharf-sandbox:" + r.id + ":" + r.sandboxKey()).getBytes(StandardCharsets.UTF_8))
                .hex();
    }

    /** GET /containers/json entry. Call while holding the container's monitor. */
    public static Map<String, Object> summary(Container c, Sizes sizes, Instant now) {
        ContainerRecord r = c.record();
        HostConfig hc = c.hostConfig();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id);
        m.put("Names", List.of(r.name()));
        m.put("Image", r.config.image);
        m.put("ImageID", r.imageId);
        m.put("Command", command(r));
        Instant created = Times.parseRfc3339(r.created);
        m.put("Created", created == null ? 0 : created.getEpochSecond());
        m.put("Ports", summaryPorts(r));
        if (sizes != null) {
            m.put("SizeRw", sizes.sizeRw());
            m.put("SizeRootFs", sizes.sizeRootFs());
        }
        m.put("Labels", r.config.labelsOrEmpty());
        m.put("State", r.state.status());
        m.put("Status", statusText(r.state, now));
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("NetworkMode", hc.networkMode);
        if (hc.annotations != null && !hc.annotations.isEmpty()) {
            hostConfig.put("Annotations", hc.annotations);
        }
        m.put("HostConfig", hostConfig);
        m.put("NetworkSettings", Map.of("Networks", r.networks()));
        m.put("Mounts", mounts(r.mountPoints));
        return m;
    }

    /** moby's list: Path and Args, quoting arguments that contain spaces. */
    static String command(ContainerRecord r) {
        if (r.args.isEmpty()) {
            return r.path;
        }
        StringBuilder sb = new StringBuilder(r.path);
        for (String a : r.args) {
            sb.append(' ').append(a.contains(" ") ? "'" + a + "'" : a);
        }
        return sb.toString();
    }

    /** moby's State.String: "Up 3 seconds (healthy)", "Exited (0) 2 minutes ago", "Created". */
    static String statusText(StateRecord s, Instant now) {
        if (s.running) {
            Instant started = Times.parseRfc3339(s.startedAt);
            String up = HumanDuration.of(started == null ? Duration.ZERO : Duration.between(started, now));
            if (s.paused) {
                return "Up " + up + " (Paused)";
            }
            if (s.restarting) {
                Instant finished = Times.parseRfc3339(s.finishedAt);
                return "Restarting (" + s.exitCode + ") " + HumanDuration.of(finished == null ? Duration.ZERO
                        : Duration.between(finished, now)) + " ago";
            }
            if (s.health != null) {
                String h = StateRecord.Health.STARTING.equals(s.health.status) ? "health: starting"
                        : s.health.status;
                return "Up " + up + " (" + h + ")";
            }
            return "Up " + up;
        }
        if (s.removalInProgress) {
            return "Removal In Progress";
        }
        if (s.dead) {
            return "Dead";
        }
        if (Times.ZERO.equals(s.startedAt)) {
            return "Created";
        }
        Instant finished = Times.parseRfc3339(s.finishedAt);
        if (finished == null) {
            return "";
        }
        return "Exited (" + s.exitCode + ") " + HumanDuration.of(Duration.between(finished, now)) + " ago";
    }
}
