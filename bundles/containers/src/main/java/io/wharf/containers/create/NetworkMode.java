package io.wharf.containers.create;

import io.wharf.api.errors.EngineException;

/** HostConfig.NetworkMode as far as Wharf supports it today: none, host, and container:NAME. */
public record NetworkMode(Kind kind, String container) {
    public enum Kind { NONE, HOST, CONTAINER }

    public static NetworkMode parse(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals("default") || mode.equals("bridge")) {
            throw EngineException.notImplemented("bridge networking is not available in Wharf yet: "
                    + "use --network none or --network host");
        }
        if (mode.equals("none")) {
            return new NetworkMode(Kind.NONE, null);
        }
        if (mode.equals("host")) {
            return new NetworkMode(Kind.HOST, null);
        }
        if (mode.startsWith("container:")) {
            String target = mode.substring("container:".length());
            if (target.isEmpty()) {
                throw EngineException.invalid("invalid network mode: %s", mode);
            }
            return new NetworkMode(Kind.CONTAINER, target);
        }
        throw EngineException.notImplemented("user-defined networks are not available in Wharf yet (network %s): "
                + "use --network none or --network host", mode);
    }

    /** The key of NetworkSettings.Networks that inspect shows, or null for container:NAME (which has none). */
    public String networkName() {
        return switch (kind) {
            case NONE -> "none";
            case HOST -> "host";
            case CONTAINER -> null;
        };
    }
}
