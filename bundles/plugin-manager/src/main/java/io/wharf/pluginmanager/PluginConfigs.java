package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.plugin.manager.PluginConfig;
import io.wharf.pluginmanager.docker.PluginSpecs;
import io.wharf.support.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and checks a plugin's config.json. Keys match case-insensitively, as Go's encoding/json matches them, so
 * the lower-case config.json of {@code docker plugin create} and the capitalised one of the API both read.
 */
public final class PluginConfigs {
    /** {@code prefix.capability/version}, as Docker's PluginInterfaceType parses it. */
    private static final Pattern TYPE = Pattern.compile("([a-z0-9]+)\\.([a-z0-9]+)/([0-9][0-9.]*)");
    private static final Pattern DRIVER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private PluginConfigs() {
    }

    /** Parses and validates; any problem is INVALID_PARAMETER naming it. */
    public static PluginConfig read(byte[] json) {
        PluginConfig config;
        try {
            config = Json.readRequiredRequest(json, PluginConfig.class);
        } catch (EngineException e) {
            throw EngineException.invalid("invalid plugin config.json: %s", e.getMessage());
        }
        validate(config);
        return config;
    }

    /** What dockerd checks before it runs a plugin, checked at install instead of at enable. */
    private static void validateDocker(PluginConfig config) {
        if (config.entrypoint().isEmpty()) {
            throw EngineException.invalid("invalid plugin config.json: entrypoint is empty");
        }
        String socket = config.pluginInterface().socket();
        if (socket.isEmpty() || !DRIVER_NAME.matcher(socket).matches()) {
            throw EngineException.invalid("invalid plugin config.json: interface.socket must be a file name, not %s",
                    socket.isEmpty() ? "empty" : socket);
        }
        // network.type is not checked, as dockerd: host shares the host's, any other (bridge too) is a namespace
        // of its own with only lo (PluginSpecs)
        String propagated = config.propagatedMount();
        if (!propagated.isEmpty() && (!propagated.startsWith("/") || propagated.contains(".."))) {
            throw EngineException.invalid("invalid plugin config.json: propagatedMount %s is not an absolute path",
                    propagated);
        }
        checkPropagatedMountIsItsOwn(propagated);
    }

    /** Shared with the host, it must not be the whole root nor hold the directories wharfd binds in privately. */
    private static void checkPropagatedMountIsItsOwn(String propagated) {
        if (propagated.isEmpty()) {
            return;
        }
        Path path = Path.of(propagated).normalize();
        if (path.getNameCount() == 0) {
            throw EngineException.invalid("invalid plugin config.json: propagatedMount cannot be /");
        }
        for (String reserved : List.of(PluginSpecs.SOCKET_DIR, PluginSpecs.LOGGING_DIR)) {
            if (path.startsWith(reserved)) {
                throw EngineException.invalid("invalid plugin config.json: propagatedMount %s is in %s, which"
                        + " wharf binds into the plugin itself", propagated, reserved);
            }
        }
    }

    /** The capability of a type ({@code volumedriver} of {@code wharf.volumedriver/1.0}). */
    public static String capability(String type) {
        var m = TYPE.matcher(type);
        if (!m.matches()) {
            throw EngineException.invalid("Invalid interface type %s", type);
        }
        return m.group(2);
    }

    /**
     * True for a Docker (managed) plugin, whose types are {@code docker.CAPABILITY/VERSION} and which runs as a
     * container; false for a Wharf bundle ({@code wharf.CAPABILITY/VERSION}).
     */
    public static boolean isDocker(PluginConfig config) {
        return config.pluginInterface().types().stream().allMatch(t -> t.startsWith("docker."));
    }

    private static void validate(PluginConfig config) {
        if (config.pluginInterface().types().isEmpty()) {
            throw EngineException.invalid("invalid plugin config.json: interface.types is empty");
        }
        for (String type : config.pluginInterface().types()) {
            var m = TYPE.matcher(type);
            if (!m.matches()) {
                throw EngineException.invalid("Invalid interface type %s", type);
            }
            if (!m.group(1).equals("wharf") && !m.group(1).equals("docker")) {
                throw EngineException.invalid("plugin type %s is neither a Wharf bundle type (wharf.CAPABILITY/VERSION)"
                        + " nor a Docker plugin type (docker.CAPABILITY/VERSION)", type);
            }
        }
        boolean docker = isDocker(config);
        if (!docker && config.pluginInterface().types().stream().anyMatch(t -> t.startsWith("docker."))) {
            throw EngineException.invalid("invalid plugin config.json: Docker and Wharf interface types are mixed");
        }
        if (docker) {
            validateDocker(config);
        }
        for (String driver : config.wharf().drivers()) {
            if (!DRIVER_NAME.matcher(driver).matches()) {
                throw EngineException.invalid("invalid plugin config.json: invalid driver name %s", driver);
            }
        }
        for (PluginConfig.Env env : config.env()) {
            if (env.name() == null || env.name().isEmpty() || env.name().contains("=")) {
                throw EngineException.invalid("invalid plugin config.json: invalid env name %s", env.name());
            }
        }
    }
}
