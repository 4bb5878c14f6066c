package io.wharf.engine;

import io.wharf.api.errors.EngineException;

/**
 * {@code POST /session} on a daemon without BuildKit: moby's session manager checks the upgrade first (its errors are
 * the router's 400s), and Wharf has no gRPC services to offer over an {@code h2c} connection, so it never upgrades.
 */
final class SessionRefusal {
    static final String NO_BUILDKIT = "interactive sessions are served by BuildKit, which Wharf does not run";

    EngineException refusal(String upgrade) {
        if (upgrade == null || upgrade.isBlank()) {
            return EngineException.invalid("no upgrade proto in request");
        }
        if (!upgrade.equals("h2c")) {
            return EngineException.invalid("protocol %s not supported", upgrade);
        }
        return EngineException.invalid("%s", NO_BUILDKIT);
    }
}
