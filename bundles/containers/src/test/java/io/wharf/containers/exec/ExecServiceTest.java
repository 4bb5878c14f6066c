package io.wharf.containers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.WithHarness;
import io.wharf.containers.store.Container;
import io.wharf.containers.store.WaitCondition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exec instances live as long as their container: every removal path forgets them. */
class ExecServiceTest extends WithHarness {


    private String running(String hostConfigExtra) {
        String id = h.create("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1d\"],\"HostConfig\":{\"NetworkMode\":"
                + "\"none\"" + hostConfigExtra + "}}");
        h.engine.start(h.get(id));
        return id;
    }

    private String exec(String containerId) {
        return h.execs.create(containerId, new ExecConfig(false, false, false, "", false, null, List.of("true"), false,
                "", "", null));
    }

    private static void assertGone(ExecService execs, String execId) {
        EngineException e = assertThrows(EngineException.class, () -> execs.inspect(execId));
        assertEquals(404, e.kind().httpStatus());
    }

    @Test
    void autoRemovedContainerTakesItsExecsAlong() throws Exception {
        String id = running(",\"AutoRemove\":true");
        String first = exec(id);
        String second = exec(id);
        Container c = h.get(id);
        CompletableFuture<Integer> removed = c.waitFor(WaitCondition.REMOVED);
        h.driver.procs.get(id).exit(0);
        removed.get(5, TimeUnit.SECONDS);
        assertGone(h.execs, first);
        assertGone(h.execs, second);
    }

    @Test
    void forcedRemovalForgetsTheExecs() {
        String id = running("");
        String execId = exec(id);
        assertEquals(id, h.execs.inspect(execId).containerId());
        h.engine.remove(h.get(id), true, false);
        assertGone(h.execs, execId);
    }

    @Test
    void execsOfOtherContainersStay() {
        String kept = running("");
        String removed = running("");
        String keptExec = exec(kept);
        exec(removed);
        h.engine.remove(h.get(removed), true, false);
        assertEquals(kept, h.execs.inspect(keptExec).containerId());
    }

    @Test
    void resizeOfAnUnknownExecIs404() {
        assertEquals(404, assertThrows(EngineException.class, () -> h.execs.resize("nope", 10, 20)).kind()
                .httpStatus());
    }
}
