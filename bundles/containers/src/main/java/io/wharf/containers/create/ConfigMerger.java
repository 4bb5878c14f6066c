package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import io.wharf.api.model.ContainerConfig.Healthcheck;
import io.wharf.containers.model.ContainerConfigJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Moby's daemon.merge: the image's config fills what the request leaves out. */
public final class ConfigMerger {
    private ConfigMerger() {
    }

    public static void merge(ContainerConfigJson user, ContainerConfig image) {
        if (isResetEntrypoint(user.entrypoint)) {
            user.entrypoint = List.of(); // --entrypoint "": no entrypoint, and the image's Cmd is not inherited
        }
        if (image == null) {
            requireCommand(user);
            return;
        }
        if (empty(user.user) && image.user() != null) {
            user.user = image.user();
        }
        if (image.exposedPorts() != null && !image.exposedPorts().isEmpty()) {
            Map<String, Map<String, Object>> ports = new LinkedHashMap<>();
            if (user.exposedPorts != null) {
                ports.putAll(user.exposedPorts);
            }
            image.exposedPorts().forEach(ports::putIfAbsent);
            user.exposedPorts = ports;
        }
        user.env = mergeEnv(user.env, image.env());
        if (image.labels() != null && !image.labels().isEmpty()) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (user.labels != null) {
                labels.putAll(user.labels);
            }
            image.labels().forEach(labels::putIfAbsent);
            user.labels = labels;
        }
        if (user.entrypoint == null || user.entrypoint.isEmpty()) {
            if (user.cmd == null || user.cmd.isEmpty()) {
                user.cmd = image.cmd();
                user.argsEscaped = Boolean.TRUE.equals(image.argsEscaped());
            }
            if (user.entrypoint == null) {
                user.entrypoint = image.entrypoint();
            }
        }
        if (user.entrypoint != null && user.entrypoint.isEmpty()) {
            user.entrypoint = null;
        }
        if (empty(user.workingDir) && image.workingDir() != null) {
            user.workingDir = image.workingDir();
        }
        if (image.volumes() != null && !image.volumes().isEmpty()) {
            Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
            if (user.volumes != null) {
                volumes.putAll(user.volumes);
            }
            image.volumes().forEach(volumes::putIfAbsent);
            user.volumes = volumes;
        }
        if (empty(user.stopSignal) && image.stopSignal() != null) {
            user.stopSignal = image.stopSignal();
        }
        user.healthcheck = mergeHealthcheck(user.healthcheck, image.healthcheck());
        if ((user.onBuild == null || user.onBuild.isEmpty()) && image.onBuild() != null) {
            user.onBuild = image.onBuild();
        }
        if ((user.shell == null || user.shell.isEmpty()) && image.shell() != null) {
            user.shell = image.shell();
        }
        requireCommand(user);
    }

    private static void requireCommand(ContainerConfigJson user) {
        if ((user.cmd == null || user.cmd.isEmpty()) && (user.entrypoint == null || user.entrypoint.isEmpty())) {
            throw EngineException.invalid("No command specified");
        }
    }

    private static boolean isResetEntrypoint(List<String> entrypoint) {
        return entrypoint != null && entrypoint.size() == 1 && entrypoint.get(0).isEmpty();
    }

    /** The request's variables first, then the image's whose names the request does not set. */
    static List<String> mergeEnv(List<String> user, List<String> image) {
        if (user == null || user.isEmpty()) {
            return image == null ? user : new ArrayList<>(image);
        }
        List<String> result = new ArrayList<>(user);
        if (image != null) {
            for (String imageVar : image) {
                if (imageVar == null) {
                    continue; // a hostile image's config
                }
                String key = envKey(imageVar);
                if (user.stream().noneMatch(u -> envKey(u).equals(key))) {
                    result.add(imageVar);
                }
            }
        }
        return result;
    }

    static String envKey(String assignment) {
        int eq = assignment.indexOf('=');
        return eq < 0 ? assignment : assignment.substring(0, eq);
    }

    private static Healthcheck mergeHealthcheck(Healthcheck user, Healthcheck image) {
        if (user == null) {
            return image;
        }
        if (image == null) {
            return user;
        }
        return new Healthcheck(
                user.test() == null || user.test().isEmpty() ? image.test() : user.test(),
                zero(user.interval()) ? image.interval() : user.interval(),
                zero(user.timeout()) ? image.timeout() : user.timeout(),
                zero(user.startPeriod()) ? image.startPeriod() : user.startPeriod(),
                zero(user.startInterval()) ? image.startInterval() : user.startInterval(),
                user.retries() == null || user.retries() == 0 ? image.retries() : user.retries());
    }

    private static boolean zero(Long value) {
        return value == null || value == 0;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** Docker's ReplaceOrAppendEnvValues: later assignments replace earlier ones with the same name. */
    public static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String e : defaults) {
            byKey.put(envKey(e), e);
        }
        if (overrides != null) {
            for (String e : overrides) {
                if (e.indexOf('=') < 0) {
                    continue; // "VAR" without a value unsets nothing in the daemon; the CLI resolves it
                }
                byKey.put(envKey(e), e);
            }
        }
        return new ArrayList<>(byKey.values());
    }
}
