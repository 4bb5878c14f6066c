package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
    /**
     * The CPU flags each x86-64 micro-architecture level adds (v2, v3, v4), as Go's GOAMD64 and containerd's
     * amd64 variants define them.
     */
    private static final List<Set<String>> AMD64_LEVEL_FLAGS = List.of(
            Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"),
            Set.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"),
            Set.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"));

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
        return matches(requested, architecture.equals("amd64") ? Amd64Level.OF_THIS_CPU : 1);
    }

    /**
     * As {@link #matches(String)} on an amd64 CPU of the given micro-architecture level: variants {@code v1} up to
     * it run here (an image built for {@code linux/amd64/v2} runs on a v3 CPU), as containerd's platform matcher
     * has it.
     */
    boolean matches(String requested, int amd64Level) {
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
        return parts.length == 2 || parts[2].equals(variant) || architecture.equals("arm64") && parts[2].equals("v8")
                || architecture.equals("amd64") && parts[2].matches("v[1-4]") && parts[2].charAt(1) - '0' <= amd64Level;
    }

    /** The x86-64 micro-architecture level (1-4) of a CPU with these {@code /proc/cpuinfo} flags. */
    static int amd64Level(Set<String> cpuFlags) {
        int level = 1;
        for (Set<String> added : AMD64_LEVEL_FLAGS) {
            if (!cpuFlags.containsAll(added)) {
                break;
            }
            level++;
        }
        return level;
    }

    /** Read once, when first needed: only a {@code platform} naming an amd64 variant asks. */
    private static final class Amd64Level {
        static final int OF_THIS_CPU = read();

        private static int read() {
            try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(line -> line.startsWith("flags")).findFirst()
                        .map(line -> amd64Level(new HashSet<>(Arrays.asList(
                                line.substring(line.indexOf(':') + 1).trim().split("\\s+")))))
                        .orElse(1);
            } catch (IOException | RuntimeException e) { // no cpuinfo: the baseline every amd64 CPU has
                return 1;
            }
        }
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
