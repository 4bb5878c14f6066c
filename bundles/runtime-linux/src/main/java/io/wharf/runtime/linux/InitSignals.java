package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SIGKILL and SIGTERM (docker rm -f, kill, stop) to a runc container's init without spawning runc, as
 * {@code runc kill} sends them (runc 1.1's libcontainer: the init's PID and start time from state.json, checked
 * against /proc so that a reused PID is never signalled). A runc process costs more than the rest of a forced
 * removal. Any other case (another signal, a missing or unexpected state, an init that is gone or a zombie) is
 * left to runc, which then answers as it always did.
 */
final class InitSignals {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final Path PROC = Path.of("/proc");

    private final ObjectMapper json;

    InitSignals(ObjectMapper json) {
        this.json = json;
    }

    /** True when the signal was sent; false when runc should send it. */
    boolean send(Path stateDir, int signal) {
        if (signal != SIGKILL && signal != SIGTERM) {
            return false;
        }
        try {
            JsonNode state = json.readTree(stateDir.resolve("state.json").toFile());
            long pid = state.path("init_process_pid").asLong();
            String start = state.path("init_process_start").asText();
            if (pid <= 1 || start.isEmpty()) {
                return false;
            }
            // The handle records the process's start time now and kills only a process that still has it; the
            // check of that same process against runc's record comes in between.
            Optional<ProcessHandle> init = ProcessHandle.of(pid);
            if (init.isEmpty() || !start.equals(liveStartTime(pid))) {
                return false;
            }
            return signal == SIGKILL ? init.get().destroyForcibly() : init.get().destroy();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Field 22 of /proc/PID/stat (clock ticks since boot), null for a zombie or a process that is gone; the name in
     * field 2 may hold ")".
     */
    static String liveStartTime(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (NoSuchFileException gone) {
            return null;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return fields[0].equals("Z") ? null : fields[19];
    }
}
