package io.wharf.registry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.progress.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferTallyTest {
    @Test
    void countsTheFurthestDownloadOrPushPositionOfEachLayerAndPassesEverythingOn() {
        List<ProgressMessage> passed = new ArrayList<>();
        TransferTally tally = new TransferTally(passed::add);
        tally.onProgress(ProgressMessage.progress("aaa", "Downloading", 100, 300));
        tally.onProgress(ProgressMessage.progress("aaa", "Downloading", 300, 300));
        tally.onProgress(ProgressMessage.progress("bbb", "Pushing", 50, 50));
        tally.onProgress(ProgressMessage.progress("aaa", "Extracting", 900, 900)); // unpacking moves nothing
        tally.onProgress(ProgressMessage.status("ccc", "Already exists"));
        assertEquals(350, tally.bytes());
        assertEquals(5, passed.size());
    }
}
