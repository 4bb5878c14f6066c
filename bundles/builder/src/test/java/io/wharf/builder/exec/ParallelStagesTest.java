package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.api.progress.ProgressMessage;
import io.wharf.builder.dockerfile.DockerfileParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Independent stages build at once, dependent ones wait, and one failure stops the rest. */
class ParallelStagesTest {
    private static final String THREE_STAGES = """
            FROM busybox AS a
            RUN sleep 1
            FROM busybox AS b
            RUN sleep 1
            FROM busybox
            COPY --from=a /a /a
            COPY --from=b /b /b
            """;

    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    private static StageGraph graph() throws Exception {
        return StageGraph.of(DockerfileParser.parse("Dockerfile", THREE_STAGES).instructions(), null);
    }

    @Test
    void independentStagesOverlapAndTheLastWaitsForBoth() throws Exception {
        ParallelStages stages = new ParallelStages(graph(), new CompletableFuture<>(), 2);
        long start = System.nanoTime();
        Stage last = stages.run(m -> output.add(m.stream()), (index, channel, stop) -> {
            if (index == 2) {
                assertEquals("a", stages.await(0).name);
                assertEquals("b", stages.await(1).name);
            } else {
                Thread.sleep(400);
            }
            channel.onProgress(ProgressMessage.stream("stage " + index));
            return new Stage(index == 0 ? "a" : index == 1 ? "b" : null, null);
        });
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 780, "two 400 ms stages took " + millis + " ms: they did not overlap");
        assertEquals(List.of("stage 0", "stage 1", "stage 2"), output);
        assertSame(null, last.name);
    }

    @Test
    void aBuildOfOneNeededStageRunsOnTheCallersThreadAndSkipsTheOthers() throws Exception {
        StageGraph targetA = StageGraph.of(DockerfileParser.parse("Dockerfile", THREE_STAGES).instructions(), "a");
        ParallelStages stages = new ParallelStages(targetA, new CompletableFuture<>(), 2);
        Thread caller = Thread.currentThread();
        List<Integer> built = new ArrayList<>();
        Stage last = stages.run(m -> { }, (index, channel, stop) -> {
            assertSame(caller, Thread.currentThread());
            built.add(index);
            return new Stage("a", null);
        });
        assertEquals(List.of(0), built);
        assertEquals("a", last.name);
        EngineException failure = assertThrows(EngineException.class, () -> new ParallelStages(targetA,
                new CompletableFuture<>(), 2).run(m -> { }, (index, channel, stop) -> {
                    throw EngineException.invalid("broken");
                }));
        assertEquals("broken", failure.getMessage());
    }

    @Test
    void aSinglePoolThreadStillFinishesBecauseStagesOnlyWaitForEarlierOnes() throws Exception {
        ParallelStages stages = new ParallelStages(graph(), new CompletableFuture<>(), 1);
        Stage last = stages.run(m -> { }, (index, channel, stop) -> {
            if (index == 2) {
                stages.await(0);
                stages.await(1);
            }
            return new Stage(String.valueOf(index), null);
        });
        assertEquals("2", last.name);
    }

    @Test
    void theFirstFailureStopsTheOtherStagesAndIsWhatTheBuildReports() throws Exception {
        ParallelStages stages = new ParallelStages(graph(), new CompletableFuture<>(), 2);
        EngineException e = assertThrows(EngineException.class, () -> stages.run(m -> { }, (index, channel, stop) -> {
            if (index == 0) {
                Thread.sleep(100);
                throw EngineException.invalid("step failed");
            }
            if (index == 1) {
                stop.toCompletableFuture().get(5, TimeUnit.SECONDS);
                throw new CancellationException("stopped");
            }
            stages.await(0);
            return new Stage(null, null);
        }));
        assertEquals("step failed", e.getMessage());
    }

    @Test
    void aCancelledBuildStopsItsStages() throws Exception {
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        ParallelStages stages = new ParallelStages(graph(), cancelled, 2);
        cancelled.complete(null);
        assertThrows(CancellationException.class, () -> stages.run(m -> { }, (index, channel, stop) -> {
            stop.toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new CancellationException("build cancelled");
        }));
    }
}
