package io.wharf.containerfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** Docker's ContainerPathStat, sent base64-encoded in the {@value #HEADER} header of docker cp's answers. */
public record PathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                       @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                       @JsonProperty("linkTarget") String linkTarget) {
    public static final String HEADER = "X-Docker-Container-Path-Stat";

    public static PathStat of(String name, UnixStat stat, String linkTarget) {
        return new PathStat(name, stat.size(), stat.goFileMode(), rfc3339Nano(stat.modified().toInstant()),
                linkTarget == null ? "" : linkTarget);
    }

    public boolean isDirectory() {
        return (mode & (1L << 31)) != 0;
    }

    public String headerValue() {
        try {
            return Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers always serializes", e);
        }
    }

    public static PathStat fromHeader(String value) throws java.io.IOException {
        return Json.MAPPER.readValue(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8),
                PathStat.class);
    }

    /** Go's RFC3339Nano in UTC: the fraction without trailing zeros. */
    static String rfc3339Nano(Instant t) {
        String base = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(t);
        if (t.getNano() == 0) {
            return base + "Z";
        }
        return base + "." + String.format("%09d", t.getNano()).replaceAll("0+$", "") + "Z";
    }
}
