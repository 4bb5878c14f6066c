package io.wharf.containers.backend;

import io.wharf.containers.lifecycle.ContainerEngine;
import io.wharf.containers.model.EndpointRecord;
import io.wharf.containers.rest.NetworkAttachBackend;
import java.io.IOException;

/** The {@link NetworkAttachBackend} over the container engine. */
public final class NetworkAttachments implements NetworkAttachBackend {
    private final ContainerEngine engine;

    public NetworkAttachments(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public void connect(String containerRef, String network, EndpointRecord config) throws IOException {
        engine.connectNetwork(engine.index().get(containerRef), network, config);
    }

    @Override
    public void disconnect(String containerRef, String network, boolean force) throws IOException {
        engine.disconnectNetwork(engine.index().get(containerRef), network, force);
    }
}
