package io.wharf.imagestore.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.wharf.api.image.PruneReport;
import java.util.List;

/** The answer of POST /images/prune (moby's image.PruneReport). */
public record ImagePruneReport(@JsonProperty("ImagesDeleted") List<ImageDeleteItem> imagesDeleted,
                               @JsonProperty("SpaceReclaimed") long spaceReclaimed) {

    static ImagePruneReport from(PruneReport report) {
        List<ImageDeleteItem> deleted = report.imagesDeleted() == null ? null
                : report.imagesDeleted().stream().map(ImageDeleteItem::from).toList();
        return new ImagePruneReport(deleted, report.spaceReclaimed());
    }
}
