package io.wharf.api.volume;

import java.util.Map;

/** A volume as its driver reports it. */
public record VolumeInfo(String name, String mountpoint, String createdAt, Map<String, String> status) {
}
