package io.wharf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.charset.StandardCharsets;

/**
 * Image references as clients send them (pull, tag, create, push): any text parses or is a 400, and what parses
 * reads back the same from each of its printed forms.
 */
class ImageReferenceFuzzTest {
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"/", ":", "@", ".", "-", "_", "__", "localhost", "docker.io", "index.docker.io", "library/",
        "sha256:", "sha512:", "latest", "[::1]", ":5000", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    void parseIsTotalAndRoundTrips(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ImageReference ref;
        try {
            ref = ImageReference.parse(text);
        } catch (EngineException e) {
            assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
            return;
        }
        assertTrue(ref.name().length() <= 255, ref::toString);
        assertEquals(ref, ImageReference.parse(ref.toString()), "the full form reads back");
        // like Docker, "<64 hex>:tag" names docker.io/library/<64 hex>, but "<64 hex>" alone is refused (an image ID)
        boolean hexName = ref.familiarName().matches("[a-f0-9]{64}");
        if (!hubPathLikeAHost(ref)) {
            if (!hexName || ref.tag() != null || ref.digest() != null) {
                assertEquals(ref, ImageReference.parse(ref.familiarString()), "the familiar form reads back");
            }
            if (!hexName) {
                assertEquals(ref.nameOnly(), ImageReference.parse(ref.familiarName()), "the familiar name reads back");
            }
        }
        assertEquals(ref.nameOnly(), ImageReference.parse(ref.name()), "the full name reads back");
        ImageReference tagged = ref.withDefaultTag();
        assertEquals(tagged, tagged.withDefaultTag());
        assertTrue(tagged.tag() != null || tagged.digest() != null);
        if (ref.digest() != null) {
            assertEquals(ref.digest(), Digest.parse(ref.digest().toString()));
        }
    }

    /**
     * {@code docker.io/r.io/app}: Docker's familiar form drops docker.io, and "r.io/app" then names the registry
     * r.io (distribution/reference does the same; the fuzzer's first finding, kept as a seed).
     */
    private static boolean hubPathLikeAHost(ImageReference ref) {
        String first = ref.path().split("/", 2)[0];
        return ref.domain().equals(ImageReference.DEFAULT_DOMAIN) && ref.path().indexOf('/') > 0
                && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    }
}
