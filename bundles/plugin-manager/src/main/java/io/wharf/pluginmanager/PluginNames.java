package io.wharf.pluginmanager;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ImageReference;

/**
 * Plugin names as dockerd keeps them: a reference with its tag ({@code :latest} by default), in familiar form.
 * A remote may name a digest ({@code repo@sha256:...}); a local name never does.
 */
public final class PluginNames {
    private PluginNames() {
    }

    /** {@code acme/x} becomes {@code acme/x:latest}; {@code localhost:5000/acme/x:1.0} stays as it is. */
    public static String normalize(String name) {
        ImageReference ref = parse(name);
        if (ref.digest() != null) {
            throw EngineException.invalid("plugin name %s: a plugin is named by tag, not by digest", name);
        }
        return ref.withDefaultTag().familiarString();
    }

    /** The local name a remote installs as when none is given: its repository and tag ({@code latest}). */
    public static String localNameOf(String remote) {
        ImageReference ref = parse(remote);
        return (ref.tag() == null ? ref.nameOnly().withDefaultTag() : ref.withTag(ref.tag())).familiarString();
    }

    /** A remote to pull from or push to: by tag ({@code latest} by default) or by digest. */
    public static ImageReference reference(String name) {
        return parse(name).withDefaultTag();
    }

    private static ImageReference parse(String name) {
        if (name == null || name.isBlank() || !ImageReference.isValid(name)) {
            throw EngineException.invalid("invalid reference format: %s", name == null ? "" : name);
        }
        return ImageReference.parse(name);
    }
}
