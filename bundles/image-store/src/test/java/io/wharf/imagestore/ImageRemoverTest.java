package io.wharf.imagestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker rmi's decisions: untag or delete, conflicts with containers and child images, parents pruned. */
class ImageRemoverTest {
    @TempDir
    Path tmp;
    ImageFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new ImageFixture(tmp);
    }

    @Test
    void aNameWithOtherTagsLeftOnlyUntags() throws IOException {
        Digest id = f.tagged("app:1", null);
        f.tag("app:2", id);
        assertEquals(List.of(DeleteResponse.untagged("app:1")), f.remover.remove("app:1", false, false));
        assertTrue(f.index.exists(id));
        assertEquals(List.of(DeleteResponse.untagged("app:2"), DeleteResponse.deleted(id.toString())),
                f.remover.remove("app:2", false, false));
        assertFalse(f.index.exists(id));
        assertEquals(List.of("untag", "untag", "delete"), f.events.stream().map(e -> e.action()).toList());
    }

    @Test
    void theLastTagOfARepositoryTakesItsDigestReferencesAlong() throws IOException {
        Digest id = f.tagged("app:1", null);
        ImageReference digestRef = ImageReference.parse("app").withDigest(Digest.sha256(new byte[] {1}));
        f.index.addReference(digestRef, id);
        List<DeleteResponse> r = f.remover.remove("app:1", false, false);
        assertEquals(List.of(DeleteResponse.untagged("app:1"), DeleteResponse.untagged(digestRef.familiarString()),
                DeleteResponse.deleted(id.toString())), r);
    }

    @Test
    void anImageWithChildrenCannotBeDeletedEvenByForce() throws IOException {
        Digest parent = f.image("base", null);
        f.tagged("child:1", parent);
        EngineException e = assertThrows(EngineException.class, () -> f.remover.remove(parent.hex(), true, false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("conflict: unable to delete " + parent.shortHex()
                + " (cannot be forced) - image has dependent child images", e.getMessage());
    }

    @Test
    void removingAChildPrunesItsUntaggedParentUnlessNoprune() throws IOException {
        Digest parent = f.image("base", null);
        Digest child = f.tagged("child:1", parent);
        List<DeleteResponse> r = f.remover.remove("child:1", false, false);
        assertEquals(List.of(DeleteResponse.untagged("child:1"), DeleteResponse.deleted(child.toString()),
                DeleteResponse.deleted(parent.toString())), r);

        Digest parent2 = f.image("base2", null);
        f.tagged("child:2", parent2);
        r = f.remover.remove("child:2", false, true);
        assertEquals(2, r.size(), r.toString());
        assertTrue(f.index.exists(parent2));
    }

    @Test
    void aParentStillUsedByAContainerIsKeptQuietly() throws IOException {
        Digest parent = f.image("base", null);
        Digest child = f.tagged("child:1", parent);
        f.usedBy(parent, List.of(), List.of("c0ffee000001"));
        List<DeleteResponse> r = f.remover.remove("child:1", false, false);
        assertEquals(List.of(DeleteResponse.untagged("child:1"), DeleteResponse.deleted(child.toString())), r);
        assertTrue(f.index.exists(parent));
    }

    @Test
    void containersStopRemovalByNameAndIdAsDockerSays() throws IOException {
        Digest id = f.tagged("app:1", null);
        f.usedBy(id, List.of(), List.of("c0ffee000001"));
        EngineException e = assertThrows(EngineException.class, () -> f.remover.remove("app:1", false, false));
        assertEquals("conflict: unable to remove repository reference \"app:1\" (must force) - container "
                + "c0ffee000001 is using its referenced image " + id.shortHex(), e.getMessage());
        // forced, the tag and then the image go although a stopped container uses it
        List<DeleteResponse> r = f.remover.remove("app:1", true, false);
        assertEquals(List.of(DeleteResponse.untagged("app:1"), DeleteResponse.deleted(id.toString())), r);

        Digest running = f.tagged("srv:1", null);
        f.usedBy(running, List.of("beef00000001"), List.of());
        e = assertThrows(EngineException.class, () -> f.remover.remove(running.hex(), true, false));
        assertTrue(e.getMessage().endsWith("(cannot be forced) - image is being used by running container "
                + "beef00000001"), e.getMessage());
        assertTrue(f.index.exists(running));
        assertEquals(List.of(ImageReference.parse("srv:1")), f.index.refsOf(running));
    }

    @Test
    void singleReferenceMeansOneTagPlusDigestsOfItsRepository() {
        ImageReference tag = ImageReference.parse("app:1");
        ImageReference digest = ImageReference.parse("app").withDigest(Digest.sha256(new byte[] {2}));
        ImageReference other = ImageReference.parse("other:1");
        assertFalse(ImageRemover.isSingleReference(List.of()));
        assertTrue(ImageRemover.isSingleReference(List.of(tag)));
        assertTrue(ImageRemover.isSingleReference(List.of(tag, digest)));
        assertFalse(ImageRemover.isSingleReference(List.of(tag, other)));
        assertFalse(ImageRemover.isSingleReference(List.of(digest, other)));
    }

    @Test
    void unknownNamesAreNotFound() {
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class,
                () -> f.remover.remove("nothere", false, false)).kind());
    }
}
