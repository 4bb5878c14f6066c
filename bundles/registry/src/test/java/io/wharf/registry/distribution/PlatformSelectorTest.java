package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.model.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
    private static Descriptor d(int n, String os, String arch, String variant) {
        String hex = String.format("%064x", n);
        return new Descriptor("application/vnd.oci.image.manifest.v1+json", new Digest("sha256", hex), 100,
                os == null ? null : new Platform(os, arch, variant));
    }

    private static final List<Descriptor> INDEX = List.of(
            d(1, "linux", "amd64", null),
            d(2, "linux", "arm", "v6"),
            d(3, "linux", "arm", "v7"),
            d(4, "linux", "arm64", "v8"),
            d(5, "windows", "amd64", null),
            d(6, "unknown", "unknown", null),
            d(7, null, null, null));

    @Test
    void osAndArchitectureMustMatch() {
        assertEquals(1, pick(new Platform("linux", "amd64", null)));
        assertEquals(5, pick(new Platform("windows", "amd64", null)));
    }

    @Test
    void variants() {
        assertEquals(2, pick(new Platform("linux", "arm", "v6")));
        assertEquals(3, pick(new Platform("linux", "arm", "v7")));
        assertEquals(3, pick(new Platform("linux", "arm", null)), "arm without variant means v7");
        assertEquals(4, pick(new Platform("linux", "arm64", null)), "arm64's v8 is its default");
        assertEquals(4, pick(new Platform("linux", "arm64", "v8")));
    }

    @Test
    void arm64WithoutVariantInTheIndexMatchesV8() {
        List<Descriptor> index = List.of(d(8, "linux", "arm64", null));
        assertEquals(index.get(0), PlatformSelector.select(index, new Platform("linux", "arm64", "v8")));
    }

    @Test
    void noMatchIsDockersMessage() {
        EngineException e = assertThrows(EngineException.class,
                () -> PlatformSelector.select(INDEX, new Platform("linux", "s390x", null)));
        assertEquals("no matching manifest for linux/s390x in the manifest list entries", e.getMessage());
    }

    private static int pick(Platform p) {
        return Integer.parseInt(PlatformSelector.select(INDEX, p).digest().hex().substring(56), 16);
    }
}
