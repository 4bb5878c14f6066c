package io.wharf.imagestore.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.api.image.DeleteResponse;
import io.wharf.api.image.HistoryItem;
import io.wharf.api.image.PruneReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire records of history, delete and prune carry the api model's values in Docker's field names. */
class ImageWireRecordsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void historyRowHasDockerFieldNamesAndKeepsAMissingTagListAsNull() throws Exception {
        ImageHistoryItem row = ImageHistoryItem.from(new HistoryItem("<missing>", 7, "/bin/sh -c true", null, 42, "c"));
        assertEquals("{\"Id\":\"<missing>\",\"Created\":7,\"CreatedBy\":\"/bin/sh -c true\",\"Tags\":null,"
                + "\"Size\":42,\"Comment\":\"c\"}", mapper.writeValueAsString(row));
    }

    @Test
    void deleteLineLeavesOutTheFieldThatIsNotSet() throws Exception {
        assertEquals("{\"Untagged\":\"busybox:latest\"}",
                mapper.writeValueAsString(ImageDeleteItem.from(DeleteResponse.untagged("busybox:latest"))));
        assertEquals("{\"Deleted\":\"sha256:ab\"}",
                mapper.writeValueAsString(ImageDeleteItem.from(DeleteResponse.deleted("sha256:ab"))));
    }

    @Test
    void pruneReportMapsEveryDeletedLineAndKeepsNoListAsNull() throws Exception {
        PruneReport report = new PruneReport(List.of(DeleteResponse.untagged("a:1"), DeleteResponse.deleted("sha256:ab")),
                12);
        assertEquals("{\"ImagesDeleted\":[{\"Untagged\":\"a:1\"},{\"Deleted\":\"sha256:ab\"}],\"SpaceReclaimed\":12}",
                mapper.writeValueAsString(ImagePruneReport.from(report)));
        assertEquals("{\"ImagesDeleted\":[],\"SpaceReclaimed\":0}",
                mapper.writeValueAsString(ImagePruneReport.from(new PruneReport(List.of(), 0))));
        assertEquals("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}",
                mapper.writeValueAsString(ImagePruneReport.from(new PruneReport(null, 0))));
    }
}
