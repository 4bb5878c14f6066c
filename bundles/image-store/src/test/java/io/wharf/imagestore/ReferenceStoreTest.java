package io.wharf.imagestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceStoreTest {
    @TempDir
    Path tmp;

    @Test
    void writtenReferencesReadBackAndUnknownImagesAreDropped() throws IOException {
        Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
        ReferenceStore refs = new ReferenceStore(tmp.resolve("repositories.json"));
        refs.put(ImageReference.parse("busybox").withDefaultTag(), a);
        refs.put(ImageReference.parse("busybox:1"), a);
        refs.put(ImageReference.parse("localhost:5000/x:y"), b);
        refs.write();
        assertEquals(true, Files.readString(tmp.resolve("repositories.json"))
                .contains("\"docker.io/library/busybox:latest\" : \"" + a + "\""));

        ReferenceStore again = new ReferenceStore(tmp.resolve("repositories.json"));
        again.load(a::equals);
        assertEquals(List.of(ImageReference.parse("busybox:1"), ImageReference.parse("busybox:latest")),
                again.of(a));
        assertNull(again.target(ImageReference.parse("localhost:5000/x:y")));
        assertEquals(Map.of(ImageReference.parse("busybox:1"), a, ImageReference.parse("busybox:latest"), a),
                again.tagsInRepository(ImageReference.parse("busybox")));
    }
}
