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
 * The OCI artifact of a plugin: an image manifest whose config is the plugin's config.json (Docker's plugin config
 * media type). A Wharf plugin has one layer, the bundle jar; a Docker (managed) plugin has its root file system as
 * layers (gzipped tars), as {@code docker plugin push} makes them.
 */
public final class PluginArtifacts {
    public static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json";
    public static final String BUNDLE_LAYER = "application/vnd.wharf.plugin.bundle.v1+jar";
    public static final String ROOTFS_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final List<String> ROOTFS_LAYERS = List.of(ROOTFS_LAYER,
            "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar");
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

    public static byte[] manifest(Descriptor config, List<Descriptor> layers) {
        return Json.bytes(new Manifest(2, MANIFEST_V2, config, layers));
    }

    /** True for a Docker plugin's manifest (root file system layers), false for a Wharf plugin's (a bundle). */
    public static boolean isRootfs(Manifest manifest) {
        return manifest.layers().stream().allMatch(l -> ROOTFS_LAYERS.contains(l.mediaType()));
    }

    /**
     * Reads a manifest and checks it is a plugin: the plugin config type, and either exactly one bundle layer (a
     * Wharf plugin) or root file system layers only (a Docker plugin). An image is refused with what it is.
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
        boolean bundle = layers.size() == 1 && BUNDLE_LAYER.equals(layers.get(0).mediaType());
        boolean rootfs = !layers.isEmpty() && layers.stream().allMatch(l -> ROOTFS_LAYERS.contains(l.mediaType()));
        if (!bundle && !rootfs) {
            throw EngineException.invalid("%s is not a plugin: it needs one layer of type %s (a Wharf plugin) or"
                    + " root file system layers (a Docker plugin)", remote, BUNDLE_LAYER);
        }
        Digest.parse(manifest.config().digest());
        layers.forEach(l -> Digest.parse(l.digest()));
        return new Manifest(manifest.schemaVersion(), manifest.mediaType(), manifest.config(), layers);
    }
}
