package io.wharf.pluginmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.support.Json;
import java.io.IOException;
import java.util.List;

/**
 * The OCI artifact of a Wharf plugin: an image manifest whose config is the plugin's config.json (Docker's plugin
 * config media type, so registries and tools see a Docker plugin) and whose one layer is the bundle jar.
 */
public final class PluginArtifacts {
    public static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json";
    public static final String BUNDLE_LAYER = "application/vnd.wharf.plugin.bundle.v1+jar";
    public static final List<String> ACCEPTED_MANIFESTS = List.of(MANIFEST_V2, OCI_MANIFEST);

    private PluginArtifacts() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Descriptor(@JsonProperty("mediaType") String mediaType, @JsonProperty("size") long size,
                             @JsonProperty("digest") String digest) {
        public Digest parsedDigest() {
            return Digest.parse(digest);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Manifest(@JsonProperty("schemaVersion") int schemaVersion,
                           @JsonProperty("mediaType") String mediaType,
                           @JsonProperty("config") Descriptor config,
                           @JsonProperty("layers") List<Descriptor> layers) {
    }

    public static byte[] manifest(Descriptor config, Descriptor bundle) {
        return Json.bytes(new Manifest(2, MANIFEST_V2, config, List.of(bundle)));
    }

    /**
     * Reads a manifest and checks it is a Wharf plugin: the plugin config type and exactly one bundle layer. An
     * image (or a Docker managed plugin, whose layer is a rootfs) is refused with what it is.
     */
    public static Manifest parse(String remote, byte[] content) {
        Manifest manifest;
        try {
            manifest = Json.MAPPER.readValue(content, Manifest.class);
        } catch (IOException e) {
            throw EngineException.invalid("%s: unreadable manifest: %s", remote, e.getMessage());
        }
        if (manifest.config() == null || !PLUGIN_CONFIG.equals(manifest.config().mediaType())) {
            throw EngineException.invalid("%s is not a plugin: its config type is %s (target is image)", remote,
                    manifest.config() == null ? "missing" : manifest.config().mediaType());
        }
        List<Descriptor> layers = manifest.layers() == null ? List.of() : manifest.layers();
        if (layers.size() != 1 || !BUNDLE_LAYER.equals(layers.get(0).mediaType())) {
            throw EngineException.invalid("%s is not a Wharf plugin: it needs one layer of type %s (Docker managed"
                    + " plugins, whose layers are a root file system, are not supported)", remote, BUNDLE_LAYER);
        }
        Digest.parse(manifest.config().digest());
        Digest.parse(layers.get(0).digest());
        return manifest;
    }
}
