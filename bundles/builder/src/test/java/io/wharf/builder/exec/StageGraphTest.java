package io.wharf.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.builder.dockerfile.DockerfileParser;
import io.wharf.builder.dockerfile.DockerfileSyntaxException;
import org.junit.jupiter.api.Test;

/** Stages, the ARGs before them, and which stages a target needs. */
class StageGraphTest {
    private static final String MULTI = """
            ARG BASE=busybox
            FROM $BASE AS deps
            RUN echo deps
            FROM busybox AS unused
            RUN sleep 2
            FROM deps AS tools
            RUN echo tools
            FROM busybox AS final
            COPY --from=tools /x /x
            FROM busybox AS after
            """;

    private static StageGraph graph(String target) throws DockerfileSyntaxException {
        return StageGraph.of(DockerfileParser.parse("Dockerfile", MULTI).instructions(), target);
    }

    @Test
    void aTargetNeedsItsBaseAndCopyFromAncestryOnly() throws Exception {
        StageGraph g = graph("final");
        assertEquals(1, g.metaArgs().size());
        assertEquals(4, g.stages().size()); // the stage after the target is never built
        assertTrue(g.needed(0));
        assertFalse(g.needed(1));
        assertTrue(g.needed(2));
        assertTrue(g.needed(3));
        assertEquals(1 + 2 + 2 + 2, g.stepCount());
    }

    @Test
    void withoutTargetTheLastStageIsBuilt() throws Exception {
        StageGraph g = graph(null);
        assertEquals(5, g.stages().size());
        assertFalse(g.needed(0));
        assertTrue(g.needed(4));
        assertEquals(1 + 1, g.stepCount());
    }

    @Test
    void stepsAreNumberedAsIfTheNeededStagesRanOneAfterAnother() throws Exception {
        StageGraph g = graph("final");
        assertEquals(1, g.firstStep(0));
        assertEquals(3, g.firstStep(1));
        assertEquals(3, g.firstStep(2)); // the skipped stage counts no steps
        assertEquals(5, g.firstStep(3));
    }

    @Test
    void onlyEarlierStagesAreFoundByNameOrNumber() throws Exception {
        StageGraph g = graph(null);
        assertEquals(2, g.stageIndex("TOOLS", 3));
        assertEquals(-1, g.stageIndex("tools", 2));
        assertEquals(1, g.stageIndex("1", 2));
        assertEquals(-1, g.stageIndex("2", 2));
        assertEquals(-1, g.stageIndex("busybox", 4));
    }

    @Test
    void anUnknownTargetIsTheClientsError() {
        EngineException e = assertThrows(EngineException.class, () -> graph("nope"));
        assertEquals("failed to reach build target nope in Dockerfile", e.getMessage());
    }

    @Test
    void twoStagesOfOneNameAreRefusedBeforeAnythingRuns() throws Exception {
        String dockerfile = "FROM busybox AS app\nRUN true\nFROM busybox AS App\n";
        EngineException e = assertThrows(EngineException.class, () -> StageGraph.of(
                DockerfileParser.parse("Dockerfile", dockerfile).instructions(), null));
        assertEquals("app stage name already used", e.getMessage());
    }
}
