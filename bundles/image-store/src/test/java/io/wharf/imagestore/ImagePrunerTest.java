package io.wharf.imagestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.PruneReport;
import io.wharf.api.model.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker image prune: dangling by default, unused with all, filtered by label and until, skipping in-use. */
class ImagePrunerTest {
    @TempDir
    Path tmp;
    ImageFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new ImageFixture(tmp);
    }

    @Test
    void danglingOnlyByDefaultAndUnusedWithAll() throws IOException {
        Digest dangling = f.image("dangling", null);
        Digest tagged = f.tagged("app:1", null);
        Digest used = f.tagged("used:1", null);
        f.usedBy(used, List.of("beef00000001"), List.of());

        PruneReport r = f.pruner.prune(false, List.of(), null);
        assertEquals(List.of(DeleteResponse.deleted(dangling.toString())), r.imagesDeleted());
        assertTrue(f.index.exists(tagged));

        r = f.pruner.prune(true, List.of(), null);
        assertEquals(List.of(DeleteResponse.untagged("app:1"), DeleteResponse.deleted(tagged.toString())),
                r.imagesDeleted());
        assertTrue(f.index.exists(used), "in use: skipped, not an error");
    }

    @Test
    void aParentWithChildrenIsNoCandidateUnlessAll() throws IOException {
        Digest parent = f.image("base", null);
        f.tagged("child:1", parent);
        assertEquals(List.of(), f.pruner.prune(false, List.of(), null).imagesDeleted());
        assertTrue(f.index.exists(parent));
    }

    @Test
    void labelAndUntilFilters() throws IOException {
        Digest old = f.image("old", null, "2020-01-01T00:00:00Z", Map.of("tier", "base"));
        Digest recent = f.image("recent", null, "2030-01-01T00:00:00Z", Map.of("tier", "base"));
        Digest other = f.image("other", null, "2020-01-01T00:00:00Z", Map.of("tier", "app"));

        PruneReport r = f.pruner.prune(false, List.of("tier=base"), "2025-01-01T00:00:00Z");
        assertEquals(List.of(DeleteResponse.deleted(old.toString())), r.imagesDeleted());
        r = f.pruner.prune(false, List.of("!tier=base"), null);
        assertEquals(List.of(DeleteResponse.deleted(other.toString())), r.imagesDeleted());
        assertTrue(f.index.exists(recent));
        assertFalse(f.index.exists(old));
    }
}
