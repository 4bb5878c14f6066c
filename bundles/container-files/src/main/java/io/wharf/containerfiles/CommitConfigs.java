package io.wharf.containerfiles;

import io.wharf.api.model.ContainerConfig;
import io.wharf.support.DockerfileChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration docker commit gives the new image: the request's configuration (or the container's when the
 * request has none) with the {@code --change} instructions applied, then completed from the container's
 * configuration where it says nothing (moby daemon/commit.go {@code merge}).
 */
public final class CommitConfigs {
    private CommitConfigs() {
    }

    public static ContainerConfig build(ContainerConfig requested, List<String> changes, ContainerConfig container) {
        ContainerConfig base = requested != null ? requested : container;
        return merge(DockerfileChanges.apply(changes, base), container == null ? ContainerConfig.empty() : container);
    }

    /** Fills what {@code user} leaves unset from {@code container}; lists and maps are unioned as Docker does. */
    static ContainerConfig merge(ContainerConfig user, ContainerConfig container) {
        ContainerConfig c = user;
        if (isEmpty(c.user())) {
            c = c.withUser(container.user());
        }
        if (c.exposedPorts() == null || c.exposedPorts().isEmpty()) {
            c = c.withExposedPorts(container.exposedPorts());
        } else if (container.exposedPorts() != null) {
            Map<String, Map<String, Object>> ports = new TreeMap<>(c.exposedPorts());
            container.exposedPorts().forEach(ports::putIfAbsent);
            c = c.withExposedPorts(ports);
        }
        c = c.withEnv(mergeEnv(c.env(), container.env()));
        Map<String, String> labels = c.labels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(c.labels());
        if (container.labels() != null) {
            container.labels().forEach(labels::putIfAbsent);
        }
        c = c.withLabels(labels);
        if (c.entrypoint() == null || c.entrypoint().isEmpty()) {
            if (c.cmd() == null || c.cmd().isEmpty()) {
                c = c.withCmd(container.cmd());
            }
            if (c.entrypoint() == null) {
                c = c.withEntrypoint(container.entrypoint());
            }
        }
        c = c.withHealthcheck(mergeHealthcheck(c.healthcheck(), container.healthcheck()));
        if (isEmpty(c.workingDir())) {
            c = c.withWorkingDir(container.workingDir());
        }
        if (c.volumes() == null || c.volumes().isEmpty()) {
            c = c.withVolumes(container.volumes());
        } else if (container.volumes() != null) {
            Map<String, Map<String, Object>> volumes = new TreeMap<>(c.volumes());
            volumes.putAll(container.volumes());
            c = c.withVolumes(volumes);
        }
        if (isEmpty(c.stopSignal())) {
            c = c.withStopSignal(container.stopSignal());
        }
        return c;
    }

    /** The request's variables, then the container's whose names the request does not set. */
    private static List<String> mergeEnv(List<String> user, List<String> container) {
        if (user == null || user.isEmpty()) {
            return container;
        }
        List<String> env = new ArrayList<>(user);
        if (container != null) {
            for (String variable : container) {
                String key = variable.split("=", 2)[0];
                if (user.stream().noneMatch(u -> u.split("=", 2)[0].equals(key))) {
                    env.add(variable);
                }
            }
        }
        return env;
    }

    private static ContainerConfig.Healthcheck mergeHealthcheck(ContainerConfig.Healthcheck user,
                                                                ContainerConfig.Healthcheck container) {
        if (container == null) {
            return user;
        }
        if (user == null) {
            return container;
        }
        return new ContainerConfig.Healthcheck(
                user.test() == null || user.test().isEmpty() ? container.test() : user.test(),
                zero(user.interval()) ? container.interval() : user.interval(),
                zero(user.timeout()) ? container.timeout() : user.timeout(),
                zero(user.startPeriod()) ? container.startPeriod() : user.startPeriod(),
                zero(user.startInterval()) ? container.startInterval() : user.startInterval(),
                user.retries() == null || user.retries() == 0 ? container.retries() : user.retries());
    }

    private static boolean zero(Long value) {
        return value == null || value == 0;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
