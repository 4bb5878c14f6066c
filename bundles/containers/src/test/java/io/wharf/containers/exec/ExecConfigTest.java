package io.wharf.containers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecConfigTest {
    @Test
    void namesAreMatchedIgnoringCaseAsGoDecodesThem() {
        // docker-py's exec_create sends "detachKeys"; the CLI "DetachKeys"
        ExecConfig config = Json.readRequest(("{\"Cmd\":[\"sh\"],\"AttachStdin\":true,\"Tty\":true,"
                + "\"detachKeys\":\"ctrl-x,x\"}").getBytes(StandardCharsets.UTF_8), ExecConfig.class);
        assertEquals("ctrl-x,x", config.detachKeys());
        assertEquals(List.of("sh"), config.cmd());
        assertTrue(config.attachStdin() && config.tty());
        ExecConfig.Start start = Json.readRequest("{\"detach\":true,\"tty\":true}".getBytes(StandardCharsets.UTF_8),
                ExecConfig.Start.class);
        assertTrue(start.detach() && start.tty());
    }
}
