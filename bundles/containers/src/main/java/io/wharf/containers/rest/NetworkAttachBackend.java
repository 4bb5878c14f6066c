package io.wharf.containers.rest;

import io.wharf.containers.model.EndpointRecord;
import java.io.IOException;

/** What POST /networks/{id}/connect and /disconnect need: they change containers, so this bundle serves them. */
public interface NetworkAttachBackend {
    void connect(String containerRef, String network, EndpointRecord config) throws IOException;

    void disconnect(String containerRef, String network, boolean force) throws IOException;
}
