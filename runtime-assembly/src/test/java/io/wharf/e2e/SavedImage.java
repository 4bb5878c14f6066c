package io.wharf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The image configuration (config, history, rootfs) of an image as {@code docker save} writes it, read from the
 * saved tar: the record both engines store, with fields inspect does not show (history's empty_layer).
 */
final class SavedImage {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SavedImage() {
    }

    static JsonNode config(Docker docker, String image, Path work) throws Exception {
        Path tar = Files.createTempFile(work, "saved-", ".tar");
        try {
            docker.run("save", "-o", tar.toString(), image).ok();
            Map<String, byte[]> jsonMembers = jsonMembers(tar);
            JsonNode manifest = MAPPER.readTree(jsonMembers.get("manifest.json"));
            return MAPPER.readTree(jsonMembers.get(manifest.get(0).get("Config").asText()));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static Map<String, byte[]> jsonMembers(Path tar) throws IOException {
        Map<String, byte[]> members = new HashMap<>();
        try (InputStream raw = Files.newInputStream(tar); TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isFile() && e.getName().endsWith(".json") || e.getName().startsWith("blobs/sha256/")
                        && e.getSize() < (1 << 20)) {
                    members.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return members;
    }

    /**
     * Where the two records differ in the given config fields, in history's {@code created_by} (content hashes of
     * COPY/ADD masked: each engine hashes sources its own way) and {@code empty_layer}, in the author and in the
     * number of layers; empty when they agree.
     */
    static List<String> differences(JsonNode expected, JsonNode actual, List<String> configFields) {
        List<String> out = new ArrayList<>();
        for (String field : configFields) {
            JsonNode e = orNull(expected.path("config").get(field));
            JsonNode a = orNull(actual.path("config").get(field));
            if (!e.equals(a)) {
                out.add("config." + field + ": dockerd " + e + ", wharf " + a);
            }
        }
        if (!orNull(expected.get("author")).equals(orNull(actual.get("author")))) {
            out.add("author: dockerd " + expected.get("author") + ", wharf " + actual.get("author"));
        }
        List<String> eh = history(expected);
        List<String> ah = history(actual);
        for (int n = 0; n < Math.max(eh.size(), ah.size()); n++) {
            String e = n < eh.size() ? eh.get(n) : "(none)";
            String a = n < ah.size() ? ah.get(n) : "(none)";
            if (!e.equals(a)) {
                out.add("history[" + n + "]: dockerd " + e + " | wharf " + a);
            }
        }
        int el = expected.path("rootfs").path("diff_ids").size();
        int al = actual.path("rootfs").path("diff_ids").size();
        if (el != al) {
            out.add("rootfs.diff_ids: dockerd " + el + " layers, wharf " + al);
        }
        return out;
    }

    /** Absent, JSON null and an empty list or map say the same: nothing set. */
    private static JsonNode orNull(JsonNode node) {
        if (node == null || node.isNull() || (node.isContainerNode() && node.isEmpty())) {
            return MAPPER.nullNode();
        }
        return node;
    }

    private static List<String> history(JsonNode config) {
        List<String> entries = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            String createdBy = h.path("created_by").asText().replaceAll("(file|dir|multi):[0-9a-f]{64}", "$1:<hash>");
            entries.add(createdBy + (h.path("empty_layer").asBoolean(false) ? " [empty_layer]" : ""));
        }
        return entries;
    }
}
