package io.wharf.pluginmanager.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.archive.CappedTarInputStream;
import io.wharf.archive.Decompression;
import io.wharf.archive.LayerApplier;
import io.wharf.archive.WhiteoutMode;
import io.wharf.linux.LinuxFs;
import io.wharf.support.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Docker plugin's root file system as layers, as dockerd keeps it: {@code docker plugin create}'s context made
 * into one gzipped layer tar (its {@code rootfs/} entries, renamed), and layers unpacked onto a directory with the
 * archive library's hostile-input-safe extraction, each checked against the config's {@code rootfs.diff_ids}.
 */
public final class RootfsLayers {
    private static final int MAX_CONFIG = 1024 * 1024;
    private static final String ROOTFS = "rootfs/";
    private final LinuxFs fs;

    public RootfsLayers(LinuxFs fs) {
        this.fs = fs;
    }

    /**
     * Reads a create context (a tar, gzipped or not, of config.json and rootfs/): writes rootfs/ as a gzipped layer
     * into {@code layer} and answers config.json with {@code rootfs} set to that layer's diff id, as dockerd's
     * create writes it (a registry's copy then verifies).
     */
    public byte[] fromContext(InputStream body, Path layer) throws IOException {
        byte[] config = null;
        MessageDigest diffId = Digest.newSha256();
        boolean entries = false;
        try (InputStream raw = Decompression.decompress(new BufferedInputStream(body));
             TarArchiveInputStream tar = new CappedTarInputStream(raw);
             OutputStream out = Files.newOutputStream(layer);
             TarArchiveOutputStream layerTar = new TarArchiveOutputStream(
                     new DigestOutputStream(new GZIPOutputStream(out), diffId))) {
            layerTar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            layerTar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries = true;
                String name = entry.getName().replaceFirst("^(\\./)+", "");
                if (name.equals("config.json") && entry.isFile()) {
                    config = tar.readNBytes(MAX_CONFIG + 1);
                    if (config.length > MAX_CONFIG) {
                        throw EngineException.invalid("config.json is larger than %d bytes", MAX_CONFIG);
                    }
                } else if (name.startsWith(ROOTFS) && name.length() > ROOTFS.length()) {
                    entry.setName(name.substring(ROOTFS.length()));
                    String link = entry.getLinkName().replaceFirst("^(\\./)+", "");
                    if (entry.isLink() && link.startsWith(ROOTFS)) { // hard links name the archive's path
                        entry.setLinkName(link.substring(ROOTFS.length()));
                    }
                    layerTar.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        tar.transferTo(layerTar);
                    }
                    layerTar.closeArchiveEntry();
                }
            }
            layerTar.finish();
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("the plugin context is not a valid tar archive: %s", e.getMessage());
        }
        if (!entries) {
            throw EngineException.invalid("the plugin context is not a tar archive (or an empty one)");
        }
        if (config == null) {
            throw EngineException.invalid("config.json is missing from the plugin context");
        }
        return withDiffIds(config, List.of(Digest.ofSha256(diffId).toString()));
    }

    /**
     * Applies {@code layers} (gzipped or plain tars) in order onto {@code rootfs}; when {@code diffIds} is not
     * empty, the uncompressed digest of each must be the one at its position.
     */
    public void unpack(List<Path> layers, List<String> diffIds, Path rootfs) throws IOException {
        if (!diffIds.isEmpty() && diffIds.size() != layers.size()) {
            throw EngineException.invalid("the plugin config lists %d rootfs diff_ids for %d layers", diffIds.size(),
                    layers.size());
        }
        Files.createDirectories(rootfs);
        LayerApplier applier = new LayerApplier(WhiteoutMode.DELETE, fs);
        for (int i = 0; i < layers.size(); i++) {
            MessageDigest sha = Digest.newSha256();
            try (InputStream in = new DigestInputStream(
                    Decompression.decompress(new BufferedInputStream(Files.newInputStream(layers.get(i)))), sha)) {
                applier.apply(in, rootfs);
            }
            String actual = Digest.ofSha256(sha).toString();
            if (!diffIds.isEmpty() && !diffIds.get(i).equals(actual)) {
                throw EngineException.invalid("layer %d of the plugin failed verification: its content is %s, the"
                        + " config says %s", i, actual, diffIds.get(i));
            }
        }
    }

    /** The config's {@code rootfs.diff_ids} (any key case), empty when it has none. */
    public static List<String> diffIds(byte[] config) throws IOException {
        JsonNode rootfs = field(Json.MAPPER.readTree(config), "rootfs");
        JsonNode ids = rootfs == null ? null : field(rootfs, "diff_ids");
        if (ids == null || !ids.isArray()) {
            return List.of();
        }
        return java.util.stream.StreamSupport.stream(ids.spliterator(), false).map(JsonNode::asText).toList();
    }

    static byte[] withDiffIds(byte[] config, List<String> diffIds) throws IOException {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(config);
        } catch (IOException e) {
            throw EngineException.invalid("invalid plugin config.json: %s", e.getMessage());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw EngineException.invalid("invalid plugin config.json: not a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase("rootfs")) {
                names.remove();
            }
        }
        ObjectNode rootfs = object.putObject("rootfs");
        rootfs.put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        return Json.MAPPER.writeValueAsBytes(object);
    }

    private static JsonNode field(JsonNode node, String name) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String n = names.next();
            if (n.equalsIgnoreCase(name)) {
                return node.get(n);
            }
        }
        return null;
    }
}
