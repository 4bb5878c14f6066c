package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.container.ContainerService;
import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle that took the container service before a driver swap rebuilt the engine still holds the old one: it
 * must get a clear, retryable refusal, not act on an engine whose containers the new one does not see.
 */
class ReplacedEngineTest {
    private static final byte[] REQUEST = "{\"Image\":\"busybox\",\"HostConfig\":{\"NetworkMode\":\"none\"}}"
            .getBytes(StandardCharsets.UTF_8);
    @TempDir
    Path tmp;

    @Test
    void theServiceOfAClosedEngineRefusesWorkAsUnavailable() throws Exception {
        try (Harness h = new Harness(tmp)) {
            ContainerService service = h.assembly.service();
            String id = service.create("kept", REQUEST);
            h.engine.close(); // what the component does when a driver it uses is replaced

            List<Executable> work = List.of(
                    () -> service.create("late", REQUEST),
                    () -> service.start(id),
                    () -> service.awaitStop(id),
                    () -> service.attachOutput(id),
                    () -> service.remove(id, true));
            for (Executable call : work) {
                EngineException e = assertThrows(EngineException.class, call);
                assertEquals(ErrorKind.UNAVAILABLE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("replaced"), e.getMessage());
            }
            assertEquals(1, service.list().size(), "reads still answer, and nothing was created or removed");
            assertEquals("kept", service.get(id).name());
        }
    }
}
