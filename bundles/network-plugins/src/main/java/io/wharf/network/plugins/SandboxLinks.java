package io.wharf.network.plugins;

import java.io.IOException;
import java.util.List;

/**
 * What libnetwork's sandbox does with the interface a remote driver made on the host: moves it into the
 * container's network namespace under the container's name for it and configures it there, and at leave moves it
 * back to the host under its first name, for the driver to delete. A seam, so the protocol is tested without root.
 */
interface SandboxLinks {

    /**
     * @param link   the interface as the driver left it ({@code SrcName}) and as the container sees it
     * @param routes lines of {@code ip route add}, the default route (if any) last
     */
    void plugIn(Link link, String macAddress, String addressWithPrefix, List<String> routes) throws IOException;

    /** Moves the interface back to the host; nothing to do when the namespace (or the interface) is gone. */
    void unplug(Link link) throws IOException;

    /** An interface a plugin made: its host name, the namespace it goes into and its name there. */
    record Link(String sourceName, String sandboxPath, String containerName) {
    }
}
