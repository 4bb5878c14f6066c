package io.wharf.volumes.rest;

import io.wharf.api.volume.Volume;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Docker's {@code Volume} object, keys in dockerd's order; Labels and Options stay null when never given. */
final class VolumeJson {
    private VolumeJson() {
    }

    static Map<String, Object> of(Volume v) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (v.createdAt() != null) {
            json.put("CreatedAt", v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        json.put("Driver", v.driver());
        json.put("Labels", v.labels());
        json.put("Mountpoint", v.mountpoint() == null ? "" : v.mountpoint());
        json.put("Name", v.name());
        json.put("Options", v.options());
        json.put("Scope", v.scope());
        if (v.status() != null && !v.status().isEmpty()) {
            json.put("Status", v.status());
        }
        return json;
    }
}
