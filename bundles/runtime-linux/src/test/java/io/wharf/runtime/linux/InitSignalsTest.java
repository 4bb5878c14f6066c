package io.wharf.runtime.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitSignalsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final InitSignals signals = new InitSignals(json);
    @TempDir
    Path state;
    private Process init;

    @AfterEach
    void stop() {
        if (init != null) {
            init.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {InitSignals.SIGKILL, InitSignals.SIGTERM})
    void signalsTheInitRuncRecorded(int signal) throws Exception {
        init = new ProcessBuilder("sleep", "60").start();
        record(init.pid(), startTime(init.pid()));
        assertTrue(signals.send(state, signal));
        assertTrue(init.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + signal, init.exitValue());
    }

    @Test
    void aReusedPidIsLeftToRunc() throws Exception {
        init = new ProcessBuilder("sleep", "60").start();
        record(init.pid(), startTime(init.pid()) - 1); // runc's init had this PID, another process has it now
        assertFalse(signals.send(state, InitSignals.SIGKILL));
        assertFalse(init.waitFor(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void otherSignalsAndOddStatesAreLeftToRunc() throws Exception {
        init = new ProcessBuilder("sleep", "60").start();
        assertFalse(signals.send(state, InitSignals.SIGKILL)); // no state.json
        Files.writeString(state.resolve("state.json"), "{\"init_process_pid\": \"x\"}");
        assertFalse(signals.send(state, InitSignals.SIGKILL));
        Files.writeString(state.resolve("state.json"), "not json");
        assertFalse(signals.send(state, InitSignals.SIGKILL));
        record(init.pid(), startTime(init.pid()));
        assertFalse(signals.send(state, 10)); // SIGUSR1: runc's to send
        record(Integer.MAX_VALUE, 1); // no such process
        assertFalse(signals.send(state, InitSignals.SIGKILL));
        assertFalse(init.waitFor(200, TimeUnit.MILLISECONDS));
    }

    private void record(long pid, long start) throws IOException {
        json.writeValue(state.resolve("state.json").toFile(), Map.of("init_process_pid", pid,
                "init_process_start", start, "id", "c1"));
    }

    private static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
    }
}
