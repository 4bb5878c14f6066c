package io.wharf.containerfiles;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.wharf.linux.LinuxFs;
import io.wharf.linux.Statx;
import io.wharf.support.Json;
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

    public static PathStat of(String name, Statx stat, String linkTarget) {
        return new PathStat(name, stat.size(), goFileMode(stat.mode()), rfc3339Nano(stat.modified().toInstant()),
                linkTarget == null ? "" : linkTarget);
    }

    /**
     * The mode as Go's os.FileMode encodes it (what docker cp's stat header carries): type bits at the top,
     * setuid/setgid/sticky moved to Go's own bits, permissions at the bottom.
     */
    static long goFileMode(int mode) {
        long m = mode & 0777;
        switch (mode & LinuxFs.S_IFMT) {
            case LinuxFs.S_IFDIR -> m |= 1L << 31;
            case LinuxFs.S_IFLNK -> m |= 1L << 27;
            case LinuxFs.S_IFBLK -> m |= 1L << 26;
            case LinuxFs.S_IFCHR -> m |= (1L << 26) | (1L << 21);
            case LinuxFs.S_IFIFO -> m |= 1L << 25;
            case LinuxFs.S_IFSOCK -> m |= 1L << 24;
            default -> {
                // regular file: no type bit
            }
        }
        if ((mode & 04000) != 0) {
            m |= 1L << 23;
        }
        if ((mode & 02000) != 0) {
            m |= 1L << 22;
        }
        if ((mode & 01000) != 0) {
            m |= 1L << 20;
        }
        return m;
    }

    public boolean isDirectory() {
        return (mode & (1L << 31)) != 0;
    }

    public String headerValue() {
        try {
            return Base64.getEncoder().encodeToString(Json.WITHOUT_NULLS.writeValueAsBytes(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers always serializes", e);
        }
    }

    public static PathStat fromHeader(String value) throws java.io.IOException {
        return Json.WITHOUT_NULLS.readValue(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8),
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
