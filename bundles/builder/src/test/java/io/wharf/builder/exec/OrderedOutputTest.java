package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wharf.api.progress.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output of concurrent stages reaches the client in stage order, the earliest live. */
class OrderedOutputTest {
    private final List<String> seen = new ArrayList<>();
    private final OrderedOutput output = new OrderedOutput(m -> seen.add(m.stream()), 3);

    @Test
    void theFirstStageStreamsLiveAndLaterOnesWaitForIt() {
        output.channel(1).onProgress(ProgressMessage.stream("b1"));
        output.channel(0).onProgress(ProgressMessage.stream("a1"));
        assertEquals(List.of("a1"), seen);
        output.channel(2).onProgress(ProgressMessage.stream("c1"));
        output.channel(1).onProgress(ProgressMessage.stream("b2"));
        output.close(0, false);
        assertEquals(List.of("a1", "b1", "b2"), seen);
        output.channel(1).onProgress(ProgressMessage.stream("b3"));
        assertEquals(List.of("a1", "b1", "b2", "b3"), seen);
    }

    @Test
    void aStageThatFinishesEarlyIsFlushedWhenItsTurnComes() {
        output.channel(2).onProgress(ProgressMessage.stream("c1"));
        output.close(2, false);
        output.channel(1).onProgress(ProgressMessage.stream("b1"));
        output.close(1, false);
        assertEquals(List.of(), seen);
        output.channel(0).onProgress(ProgressMessage.stream("a1"));
        output.close(0, false);
        assertEquals(List.of("a1", "b1", "c1"), seen);
    }

    @Test
    void afterAFailureTheOutputOfLaterStagesIsDropped() {
        output.channel(1).onProgress(ProgressMessage.stream("b1"));
        output.channel(0).onProgress(ProgressMessage.stream("a1"));
        output.close(0, true);
        output.channel(2).onProgress(ProgressMessage.stream("c1"));
        output.close(1, false);
        output.close(2, false);
        assertEquals(List.of("a1"), seen);
    }
}
