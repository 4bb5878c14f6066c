package io.wharf.builder.exec;

import io.wharf.api.build.BuildRequest;
import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.ContainerLayerStore;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.image.Layer;
import io.wharf.api.model.Digest;
import io.wharf.support.Json;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The containers of build steps, made through the container service as docker run makes them, and their
 * read-write layer committed as one image layer (the storage driver's diff).
 */
final class StepContainers {
    private final ContainerService containers;
    private final ContainerLayerStore layers;
    private final ImageService images;
    private final StepJournal journal;

    StepContainers(ContainerService containers, ContainerLayerStore layers, ImageService images,
                   StepJournal journal) {
        this.containers = containers;
        this.layers = layers;
        this.images = images;
        this.journal = journal;
    }

    /**
     * Removes the step containers of builds a crash interrupted (killing a RUN still running); a container that
     * cannot be removed now stays noted for the next start.
     *
     * @return how many were removed
     */
    int removeLeftovers() throws IOException {
        int removed = 0;
        for (String id : journal.leftovers()) {
            try {
                containers.remove(id, true);
                removed++;
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    continue;
                }
            }
            journal.forget(id);
        }
        return removed;
    }

    ContainerService containers() {
        return containers;
    }

    /** Creates (does not start) a container of {@code image} that would run {@code command}. */
    String create(Image image, Stage stage, List<String> command, List<String> extraEnv, BuildRequest request) {
        return create(image, stage, command, extraEnv, List.of(), request);
    }

    /** The same with bind mounts ({@code host:container[:ro]}). */
    String create(Image image, Stage stage, List<String> command, List<String> extraEnv, List<String> binds,
                  BuildRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", image.id().toString());
        body.put("Cmd", command);
        body.put("Entrypoint", List.of("")); // RUN ignores the image's entrypoint
        List<String> env = new java.util.ArrayList<>(stage.env());
        env.addAll(extraEnv);
        body.put("Env", env);
        if (stage.config.user() != null) {
            body.put("User", stage.config.user());
        }
        if (stage.config.workingDir() != null) {
            body.put("WorkingDir", stage.config.workingDir());
        }
        body.put("AttachStdout", true);
        body.put("AttachStderr", true);
        Map<String, Object> host = hostConfig(request);
        if (!binds.isEmpty()) {
            host.put("Binds", binds);
        }
        body.put("HostConfig", host);
        String id = containers.create(null, Json.bytes(body));
        try {
            journal.record(id);
        } catch (IOException e) {
            removeQuietly(id);
            throw new UncheckedIOException(e);
        }
        return id;
    }

    static Map<String, Object> hostConfig(BuildRequest request) {
        Map<String, Object> host = new LinkedHashMap<>();
        String network = request.networkMode();
        host.put("NetworkMode", network == null || network.isEmpty() || network.equals("default") ? "bridge"
                : network);
        if (request.extraHosts() != null && !request.extraHosts().isEmpty()) {
            host.put("ExtraHosts", request.extraHosts());
        }
        BuildRequest.Resources r = request.resources();
        if (r != null) {
            putPositive(host, "Memory", r.memory());
            putPositive(host, "MemorySwap", r.memorySwap());
            putPositive(host, "CpuShares", r.cpuShares());
            putPositive(host, "CpuPeriod", r.cpuPeriod());
            putPositive(host, "CpuQuota", r.cpuQuota());
            putPositive(host, "ShmSize", r.shmSize());
            if (r.cpusetCpus() != null && !r.cpusetCpus().isEmpty()) {
                host.put("CpusetCpus", r.cpusetCpus());
            }
            if (!r.ulimits().isEmpty()) {
                host.put("Ulimits", r.ulimits().stream().map(u -> Map.of("Name", u.name(), "Soft", u.soft(),
                        "Hard", u.hard())).toList());
            }
        }
        return host;
    }

    private static void putPositive(Map<String, Object> map, String key, long value) {
        if (value > 0) {
            map.put(key, value);
        }
    }

    /**
     * Stores the container's changes as a layer on top of {@code parent} and returns its diff ID, or null when the
     * step changed nothing: then, as in Docker (whose diff is the empty tar), the image gets no layer and its
     * history entry is an {@code empty_layer}. The diff is read once: whether it is empty shows in its first block,
     * so the changes are not listed (a second walk of the layer) beforehand.
     */
    Digest commitLayer(String containerId, Image parent) throws IOException {
        try (PushbackInputStream diff = new PushbackInputStream(layers.diff(containerId), TarFiles.BLOCK)) {
            if (TarFiles.hasNoEntries(diff)) {
                return null;
            }
            Layer layer = images.registerLayer(parent.topChainId(), diff, null);
            return layer.diffId();
        }
    }

    void removeQuietly(String containerId) {
        try {
            containers.remove(containerId, true);
        } catch (EngineException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                return; // the engine is stopping: the journal keeps it for the next start
            }
        } catch (RuntimeException e) {
            return;
        }
        forgetQuietly(containerId);
    }

    /** A failed step's container stays for inspection, as in Docker: no longer the builder's to remove. */
    void keep(String containerId) {
        forgetQuietly(containerId);
    }

    private void forgetQuietly(String containerId) {
        try {
            journal.forget(containerId);
        } catch (IOException e) {
            // the next start tries to remove it again, and finds it gone or kept
        }
    }
}
