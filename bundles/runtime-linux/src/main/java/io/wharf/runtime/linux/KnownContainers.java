package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The containers the driver knows. Everything here can be rebuilt from the exec root: a container created by an
 * earlier daemon is adopted from its metadata file the first time it is asked for.
 */
final class KnownContainers {
    /** A container: what it was created with, and whether it was adopted after a restart. */
    static final class Container {
        final String id;
        final ContainerMetadata metadata;
        final OciRuntime runtime;
        final boolean adopted;
        volatile JsonNode process;
        volatile boolean monitorChecked;

        Container(ContainerMetadata metadata, boolean adopted) {
            this.id = metadata.id();
            this.metadata = metadata;
            this.runtime = metadata.ociRuntime();
            this.adopted = adopted;
        }
    }

    private final ObjectMapper json;
    private final ExecRootLayout layout;
    private final ConcurrentMap<String, Container> containers = new ConcurrentHashMap<>();

    KnownContainers(ObjectMapper json, ExecRootLayout layout) {
        this.json = json;
        this.layout = layout;
    }

    /** The container {@code id}, adopted from its metadata file if this driver has not seen it yet. */
    Container get(String id) {
        Container known = containers.get(id);
        if (known != null) {
            return known;
        }
        try {
            Container adopted = new Container(json.readValue(layout.metadata(id).toFile(), ContainerMetadata.class),
                    true);
            Container raced = containers.putIfAbsent(id, adopted);
            return raced != null ? raced : adopted;
        } catch (IOException e) {
            throw EngineException.notFound("No such container: %s", id);
        }
    }

    /** The container, or null when neither this driver nor the exec root knows it. */
    Container find(String id) {
        try {
            return get(id);
        } catch (EngineException e) {
            return null;
        }
    }

    void created(Container container) {
        containers.put(container.id, container);
    }

    void forget(String id) {
        containers.remove(id);
    }

    /** The OCI process of the container's config.json: the template of its exec processes. */
    JsonNode process(Container c) throws IOException {
        JsonNode process = c.process;
        if (process == null) {
            process = json.readTree(layout.config(c.id).toFile()).get("process");
            c.process = process;
        }
        return process;
    }
}
