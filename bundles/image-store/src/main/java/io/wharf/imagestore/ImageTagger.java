package io.wharf.imagestore;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.Digest;
import io.wharf.api.model.ImageReference;
import java.io.IOException;

/** docker tag, and the references other bundles add (pulls, commits). */
final class ImageTagger {
    private final ImageIndex index;
    private final ImageEvents events;

    ImageTagger(ImageIndex index, ImageEvents events) {
        this.index = index;
        this.events = events;
    }

    void tag(String source, ImageReference target) {
        ImageReference ref = checkTag(target);
        Digest id;
        try {
            synchronized (index) {
                id = index.resolve(source);
                index.setTag(ref, id);
            }
        } catch (IOException e) {
            throw EngineException.system("failed to store the tag: " + e.getMessage(), e);
        }
        events.publish("tag", id, ref.familiarString());
    }

    void addReference(ImageReference reference, Digest imageId) throws IOException {
        ImageReference ref = reference.digest() != null ? reference.withDigest(reference.digest())
                : reference.withDefaultTag();
        index.addReference(ref, imageId);
    }

    /** Docker refuses tags that carry a digest or that would read as one. */
    static ImageReference checkTag(ImageReference target) {
        if (target.digest() != null) {
            throw EngineException.invalid("refusing to create a tag with a digest reference");
        }
        if (target.path().equals("library/sha256") || target.path().equals("sha256")) {
            throw EngineException.invalid("refusing to create an ambiguous tag using digest algorithm as name");
        }
        return target.withDefaultTag();
    }
}
