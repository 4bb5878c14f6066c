package io.wharf.builder.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.build.BuildRequest;
import io.wharf.api.errors.EngineException;
import io.wharf.linux.LinuxException;
import io.wharf.linux.ResourceLimits;
import io.wharf.support.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ulimits} of POST /build: a JSON list of {@code {"Name": "nofile", "Soft": 1024, "Hard": 2048}} (keys in
 * any case, as Go's decoder reads them), checked before the build starts. A hard limit above the daemon's own is
 * refused: raising it needs CAP_SYS_RESOURCE, which the daemon may lack, and the runtime would silently clamp it.
 */
final class UlimitsParameter {
    /** The daemon's own limit of a resource ({@code RLIMIT_NOFILE}, ...). */
    interface HostLimits {
        ResourceLimits.Limit of(String resource) throws LinuxException;
    }

    private final HostLimits host;

    UlimitsParameter(HostLimits host) {
        this.host = host;
    }

    static UlimitsParameter ofThisProcess() {
        return new UlimitsParameter(ResourceLimits::current);
    }

    List<BuildRequest.Ulimit> parse(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        JsonNode list;
        try {
            list = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("error reading ulimit settings: %s", e.getOriginalMessage());
        }
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw EngineException.invalid("error reading ulimit settings: not a JSON list");
        }
        List<BuildRequest.Ulimit> ulimits = new ArrayList<>();
        for (JsonNode entry : list) {
            ulimits.add(checked(ulimit(entry)));
        }
        return ulimits;
    }

    private static BuildRequest.Ulimit ulimit(JsonNode entry) {
        if (!entry.isObject()) {
            throw EngineException.invalid("error reading ulimit settings: %s is not an object", entry);
        }
        String name = null;
        long soft = 0;
        long hard = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "name" -> name = value.isTextual() ? value.asText() : null;
                case "soft" -> soft = number(value, "Soft");
                case "hard" -> hard = number(value, "Hard");
                default -> { } // Go's decoder ignores unknown keys
            }
        }
        return new BuildRequest.Ulimit(name, soft, hard);
    }

    private static long number(JsonNode value, String key) {
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw EngineException.invalid("error reading ulimit settings: %s must be an integer, not %s", key,
                    value);
        }
        return value.asLong();
    }

    private BuildRequest.Ulimit checked(BuildRequest.Ulimit u) {
        String resource = "RLIMIT_" + (u.name() == null ? "" : u.name().toUpperCase(Locale.ROOT));
        if (u.name() == null || !u.name().equals(u.name().toLowerCase(Locale.ROOT))
                || !ResourceLimits.isKnown(resource)) {
            throw EngineException.invalid("invalid ulimit type: %s", u.name());
        }
        if (u.soft() > u.hard() && u.hard() >= 0 || u.soft() < -1 || u.hard() < -1) {
            throw EngineException.invalid("invalid ulimit %s: soft limit must be less than or equal to hard limit: "
                    + "%d > %d", u.name(), u.soft(), u.hard());
        }
        long hostHard = hostHard(resource);
        if (hostHard != ResourceLimits.UNLIMITED && (u.hard() == ResourceLimits.UNLIMITED || u.hard() > hostHard)) {
            throw EngineException.invalid("ulimit %s: hard limit %s is above the daemon's own hard limit %d, which it "
                    + "cannot raise without CAP_SYS_RESOURCE", u.name(), u.hard() == -1 ? "unlimited" : u.hard(),
                    hostHard);
        }
        return u;
    }

    private long hostHard(String resource) {
        try {
            return host.of(resource).hard();
        } catch (LinuxException e) {
            throw EngineException.invalid("ulimit: cannot read the daemon's limit %s: %s", resource, e.getMessage());
        }
    }
}
