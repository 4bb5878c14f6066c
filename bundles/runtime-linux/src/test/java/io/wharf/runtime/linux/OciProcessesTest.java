package io.wharf.runtime.linux;

import static io.wharf.runtime.linux.TestHosts.JSON;
import static io.wharf.runtime.linux.TestHosts.amd64Host;
import static io.wharf.runtime.linux.TestHosts.process;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.api.errors.EngineException;
import io.wharf.api.runtime.ExecSpec;
import io.wharf.api.runtime.ProcessSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciProcessesTest {
    private final OciProcesses processes = new OciProcesses(JSON, amd64Host());

    @Test
    void rlimitNamesTakeThePrefixAndUnknownOnesAreRefused() {
        assertEquals("RLIMIT_NOFILE", processes.rlimit(new ProcessSpec.Rlimit("nofile", 10, 10)).path("type")
                .asText());
        assertThrows(EngineException.class, () -> processes.rlimit(new ProcessSpec.Rlimit("bogus", 1, 1)));
    }

    @Test
    void anUnlimitedRequestBelowAnUnlimitedHostStaysInfinite() {
        JsonNode core = processes.rlimit(new ProcessSpec.Rlimit("core", -1, -1));
        assertEquals("18446744073709551615", core.path("hard").bigIntegerValue().toString());
        assertEquals("18446744073709551615", core.path("soft").bigIntegerValue().toString());
    }

    @Test
    void aProcessWithoutArgsIsRefused() {
        assertThrows(EngineException.class, () -> processes.process(process(), List.of(), false));
    }

    @Test
    void anExecWithoutItsOwnCapabilitiesKeepsTheContainersBoundingSet() {
        JsonNode container = processes.process(process("sleep", "1"), List.of("CAP_CHOWN"), true);
        JsonNode exec = processes.execProcess(new ExecSpec("e", process("ls"), false, null, false, false),
                container);
        assertEquals("CAP_CHOWN", exec.path("capabilities").path("effective").get(0).asText());
        assertEquals(true, exec.path("noNewPrivileges").asBoolean());
    }
}
