package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;

/** Plugin names as dockerd keeps them: a reference with its tag ({@code :latest} by default), in familiar form. */
public final class PluginNames {
    private PluginNames() {
    }

    /** {@code acme/x} becomes {@code acme/x:latest}; {@code localhost:5000/acme/x:1.0} stays as it is. */
    public static String normalize(String name) {
        return reference(name).familiarString();
    }

    /** The tagged reference; a digest or an unparsable name is INVALID_PARAMETER. */
    public static ImageReference reference(String name) {
        if (name == null || name.isBlank() || !ImageReference.isValid(name)) {
            throw EngineException.invalid("invalid reference format: %s", name == null ? "" : name);
        }
        ImageReference ref = ImageReference.parse(name);
        if (ref.digest() != null && ref.tag() == null) {
            throw EngineException.invalid("plugin name %s: a plugin is named by tag, not by digest", name);
        }
        return ref.withDefaultTag();
    }
}
