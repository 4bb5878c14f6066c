package io.wharf.registry.distribution;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Platform;
import java.util.List;
import java.util.Locale;

/**
 * Picks the manifest of a manifest list or OCI index for a platform, like containerd's platform matcher:
 * os and architecture must match; the variant must match when one is asked for (arm64's default variant v8
 * matches an absent one), and otherwise entries without a variant or with the architecture's default win.
 * Entries without a usable platform (attestations: unknown/unknown) are never picked.
 */
public final class PlatformSelector {
    private PlatformSelector() {
    }

    public static Descriptor select(List<Descriptor> manifests, Platform wanted) {
        Descriptor fallback = null;
        for (Descriptor d : manifests) {
            Platform p = d.platform();
            if (p == null || !eq(p.os(), wanted.os()) || !eq(p.architecture(), wanted.architecture())) {
                continue;
            }
            String have = normalVariant(p.architecture(), p.variant());
            String want = normalVariant(wanted.architecture(), wanted.variant());
            if (want.isEmpty()) {
                if (have.isEmpty() || have.equals(normalVariant(p.architecture(), defaultVariant(p.architecture())))) {
                    return d;
                }
                if (fallback == null) {
                    fallback = d;
                }
            } else if (want.equals(have)) {
                return d;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw EngineException.notFound("no matching manifest for %s in the manifest list entries", wanted);
    }

    private static boolean eq(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static String defaultVariant(String arch) {
        return switch (arch == null ? "" : arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> "";
        };
    }

    /** arm64's "v8" is the same as no variant. */
    private static String normalVariant(String arch, String variant) {
        String v = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
        return "arm64".equals(arch) && "v8".equals(v) ? "" : v;
    }
}
