package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The platform this daemon builds for and on, in Go's names (GOOS/GOARCH, as OCI platforms spell them), and the
 * automatic platform build args BuildKit's Dockerfile frontend defines from it. Wharf does not cross-build, so
 * the target platform is always the build platform.
 */
public record HostPlatform(String os, String architecture, String variant) {
    /** The automatic args: defined in the global scope, seen in a stage only after {@code ARG name}. */
    public static final Set<String> ARG_NAMES = Set.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
            "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT");

    private static final HostPlatform HOST = of(System.getProperty("os.name"), System.getProperty("os.arch"));

    public static HostPlatform host() {
        return HOST;
    }

    /** From Java's {@code os.name} and {@code os.arch}, mapped to Go's GOOS and GOARCH (and GOARM's variant). */
    static HostPlatform of(String javaOs, String javaArch) {
        String os = javaOs.toLowerCase(Locale.ROOT);
        String goOs = os.startsWith("linux") ? "linux" : os.startsWith("windows") ? "windows"
                : os.startsWith("mac") ? "darwin" : os.replace(" ", "");
        String arch = javaArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> new HostPlatform(goOs, "amd64", "");
            case "aarch64", "arm64" -> new HostPlatform(goOs, "arm64", "");
            case "x86", "i386", "i486", "i586", "i686" -> new HostPlatform(goOs, "386", "");
            case "ppc64le", "s390x", "riscv64", "ppc64", "mips64" -> new HostPlatform(goOs, arch, "");
            case "mips64el" -> new HostPlatform(goOs, "mips64le", "");
            case "loongarch64" -> new HostPlatform(goOs, "loong64", "");
            default -> arch.startsWith("arm") ? new HostPlatform(goOs, "arm", "v7") : new HostPlatform(goOs, arch, "");
        };
    }

    /** {@code os/arch[/variant]}, as in {@code TARGETPLATFORM}. */
    public String text() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }

    /**
     * Whether a {@code platform} a client asked for names this platform: empty, the OS alone, {@code os/arch} or
     * {@code os/arch/variant} (case-insensitive, as containerd's parser is), with {@code x86_64} for amd64 and
     * {@code aarch64} for arm64.
     */
    public boolean matches(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        String[] parts = requested.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3 || !parts[0].equals(os)) {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        if (!of(os, parts[1]).architecture().equals(architecture) || parts[1].isEmpty()) {
            return false;
        }
        return parts.length == 2 || parts[2].equals(variant) || architecture.equals("arm64") && parts[2].equals("v8");
    }

    /**
     * Refuses a platform other than this one: this builder runs steps natively (no emulation), so a foreign
     * platform fails here rather than later in a RUN with an exec format error.
     */
    public void require(String requested) {
        if (!matches(requested)) {
            throw EngineException.invalid("unsupported platform \"%s\": this daemon builds only for %s", requested,
                    text());
        }
    }

    /** The automatic args' values: target and build platform alike. */
    public Map<String, String> args() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String prefix : new String[] {"TARGET", "BUILD"}) {
            args.put(prefix + "PLATFORM", text());
            args.put(prefix + "OS", os);
            args.put(prefix + "ARCH", architecture);
            args.put(prefix + "VARIANT", variant);
        }
        return args;
    }
}
