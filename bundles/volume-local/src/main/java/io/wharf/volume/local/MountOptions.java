package io.wharf.volume.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local driver's options, as {@code docker volume create -o type=tmpfs -o device=tmpfs -o o=size=64m} gives
 * them: what to mount over the volume's {@code _data} directory. Stored in {@code opts.json} with the field names
 * dockerd uses, so a volume directory moved over from dockerd keeps its options.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
record MountOptions(@JsonProperty("MountType") String type,
                    @JsonProperty("MountOpts") String options,
                    @JsonProperty("MountDevice") String device) {
    private static final Set<String> KNOWN = Set.of("type", "o", "device", "size");
    /** dockerd's required companions: checked in this order so the message does not depend on map order. */
    private static final List<Map.Entry<String, List<String>>> REQUIRED = List.of(
            Map.entry("device", List.of("type")),
            Map.entry("type", List.of("device")),
            Map.entry("o", List.of("device", "type")));

    /** Validates the options of a new volume; null when it has none (a plain directory). */
    static MountOptions from(Map<String, String> opts) {
        if (opts == null || opts.isEmpty()) {
            return null;
        }
        for (String key : opts.keySet().stream().sorted().toList()) {
            if (!KNOWN.contains(key)) {
                throw EngineException.invalid("invalid option: %s", GoQuote.quote(key));
            }
        }
        String size = opts.get("size");
        if (size != null && !isZeroSize(size)) {
            throw EngineException.invalid("quota size requested but no quota support");
        }
        for (Map.Entry<String, List<String>> rule : REQUIRED) {
            if (opts.containsKey(rule.getKey())) {
                for (String needed : rule.getValue()) {
                    if (!opts.containsKey(needed)) {
                        throw EngineException.invalid("missing required option: %s", GoQuote.quote(needed));
                    }
                }
            }
        }
        MountOptions options = new MountOptions(opts.get("type"), opts.get("o"), opts.get("device"));
        if (!options.needsMount()) {
            return null;
        }
        if (options.flags().bind() && !Files.exists(Path.of(options.device()))) {
            throw EngineException.invalid("bind source path does not exist: %s", options.device());
        }
        return options;
    }

    /** Quotas are not supported; "0" (no limit) is accepted as dockerd does without quota support. */
    private static boolean isZeroSize(String size) {
        return size.strip().matches("0+(\\.0*)?\\s*[a-zA-Z]*");
    }

    boolean needsMount() {
        return (device != null && !device.isEmpty()) || (type != null && !type.isEmpty());
    }

    MountFlags flags() {
        return MountFlags.parse(options);
    }

    /** The type for mount(2): "none" is mount(8)'s word for "no filesystem" (binds), which the kernel ignores. */
    String fstype() {
        return type == null || type.isEmpty() ? null : type;
    }
}
