package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;

/**
 * HostConfig.NetworkMode: the default bridge ("", "default", "bridge"), none, host, container:NAME, or the name
 * of a user-defined network.
 */
public record NetworkMode(Kind kind, String target) {
    public static final String DEFAULT_BRIDGE = "bridge";

    public enum Kind { BRIDGE, NETWORK, NONE, HOST, CONTAINER }

    public static NetworkMode parse(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals("default") || mode.equals(DEFAULT_BRIDGE)) {
            return new NetworkMode(Kind.BRIDGE, DEFAULT_BRIDGE);
        }
        if (mode.equals("none")) {
            return new NetworkMode(Kind.NONE, "none");
        }
        if (mode.equals("host")) {
            return new NetworkMode(Kind.HOST, "host");
        }
        if (mode.startsWith("container:")) {
            String target = mode.substring("container:".length());
            if (target.isEmpty()) {
                throw EngineException.invalid("invalid network mode: %s", mode);
            }
            return new NetworkMode(Kind.CONTAINER, target);
        }
        return new NetworkMode(Kind.NETWORK, mode);
    }

    /** The container this one shares its network namespace with (container:NAME). */
    public String container() {
        return kind == Kind.CONTAINER ? target : null;
    }

    /** Whether the container gets its own namespace plugged into networks by the network service. */
    public boolean usesNetworkService() {
        return kind == Kind.BRIDGE || kind == Kind.NETWORK;
    }

    /** The key of NetworkSettings.Networks the mode puts the container on, or null for container:NAME. */
    public String networkName() {
        return kind == Kind.CONTAINER ? null : target;
    }
}
