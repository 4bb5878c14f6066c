package io.wharf.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.errors.EngineException;

/** An OCI platform: {@code linux/amd64}, {@code linux/arm64/v8}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Platform(@JsonProperty("os") String os, @JsonProperty("architecture") String architecture,
                       @JsonProperty("variant") String variant) {

    /** The platform of the host this JVM runs on, in Go's GOARCH names. */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
        return new Platform("linux", arch, null);
    }

    /** Parses {@code os[/arch[/variant]]} as in {@code --platform}. */
    public static Platform parse(String text) {
        String[] parts = text.trim().toLowerCase().split("/");
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw EngineException.invalid("invalid platform: %s", text);
        }
        return new Platform(parts[0], parts.length > 1 ? parts[1] : host().architecture(),
                parts.length > 2 ? parts[2] : null);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
