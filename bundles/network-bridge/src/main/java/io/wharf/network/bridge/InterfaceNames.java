package io.wharf.network.bridge;

import io.wharf.api.errors.EngineException;
import java.util.regex.Pattern;

/** Names of the interfaces the driver makes; they are deterministic so that a restart recognises them. */
final class InterfaceNames {
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1); the charset also keeps them safe in scripts. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final String VETH_PREFIX = "veth";
    private static final int VETH_ID_CHARS = 7;

    private InterfaceNames() {
    }

    /** The host side of an endpoint's veth pair: {@code veth} + the first 7 characters of the endpoint ID. */
    static String veth(String endpointId) {
        if (endpointId == null || endpointId.length() < VETH_ID_CHARS) {
            throw EngineException.invalid("invalid endpoint ID %s: at least %d characters expected", endpointId,
                    VETH_ID_CHARS);
        }
        return requireValid(VETH_PREFIX + endpointId.substring(0, VETH_ID_CHARS), "endpoint interface");
    }

    /** Whether an interface found on a bridge looks like one of the driver's endpoint veths. */
    static boolean isEndpointVeth(String name) {
        return name.startsWith(VETH_PREFIX) && name.length() == VETH_PREFIX.length() + VETH_ID_CHARS;
    }

    /** The bridge of a network without {@code com.docker.network.bridge.name}: {@code br-} + 12 ID characters. */
    static String defaultBridge(String networkId) {
        if (networkId == null || networkId.length() < 12) {
            throw EngineException.invalid("invalid network ID %s: at least 12 characters expected", networkId);
        }
        return requireValid("br-" + networkId.substring(0, 12), "bridge");
    }

    static String requireValid(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EngineException.invalid("invalid %s name %s: 1-15 characters of [A-Za-z0-9_.-] expected", what,
                    name);
        }
        return name;
    }
}
