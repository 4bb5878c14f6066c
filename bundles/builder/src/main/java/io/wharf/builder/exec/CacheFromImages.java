package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.image.Image;
import io.wharf.api.image.ImageService;
import io.wharf.api.model.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --cache-from}: images whose history seeds the cache, as the classic builder uses them (moby's
 * imageCache): a step is a hit when an image's history and layers begin with the parent's and its next history
 * entry was made by the same instruction text. Once a step matched an image, later steps of the stage only look
 * at that image. Names that resolve to nothing are skipped, as dockerd does.
 */
final class CacheFromImages {
    /** A hit: the step is entry {@code index} of {@code target}'s history. */
    record Match(Image target, int index) {
        /** Whether the step is the image's last: then the image itself is the step's result. */
        boolean isLast() {
            return index == history(target).size() - 1;
        }
    }

    private List<Image> sources;

    private CacheFromImages(List<Image> sources) {
        this.sources = sources;
    }

    static CacheFromImages none() {
        return new CacheFromImages(List.of());
    }

    static CacheFromImages resolve(ImageService images, List<String> names) {
        List<Image> found = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            try {
                found.add(images.inspect(name));
            } catch (EngineException notFound) {
                // skipped: a cache source that is not here is no error
            }
        }
        return new CacheFromImages(found);
    }

    /** The same sources for one stage, which narrows them on its own. */
    CacheFromImages forStage() {
        return new CacheFromImages(sources);
    }

    Optional<Match> match(Image parent, String createdBy) {
        int next = parent == null ? 0 : history(parent).size();
        for (Image target : sources) {
            List<ImageConfig.History> history = history(target);
            if (history.size() > next && startsWith(target, parent)
                    && createdBy.equals(history.get(next).createdBy())) {
                sources = List.of(target);
                return Optional.of(new Match(target, next));
            }
        }
        return Optional.empty();
    }

    /** moby's isValidParent: the parent's history and layers are the start of the target's. */
    private static boolean startsWith(Image target, Image parent) {
        if (parent == null || history(parent).isEmpty() && parent.config().diffIds().isEmpty()) {
            return true;
        }
        List<ImageConfig.History> mine = history(target);
        List<ImageConfig.History> theirs = history(parent);
        var targetLayers = target.config().diffIds();
        var parentLayers = parent.config().diffIds();
        return theirs.size() < mine.size() && parentLayers.size() <= targetLayers.size()
                && mine.subList(0, theirs.size()).equals(theirs)
                && targetLayers.subList(0, parentLayers.size()).equals(parentLayers);
    }

    private static List<ImageConfig.History> history(Image image) {
        return image.config().history() == null ? List.of() : image.config().history();
    }
}
