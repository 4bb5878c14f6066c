package io.wharf.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The PID files conmon and the runtime write. */
final class PidFiles {
    private PidFiles() {
    }

    /** The PID in {@code file}, 0 when it is missing, empty or unreadable. */
    static long read(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Whether a process with this PID exists. */
    static boolean running(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)));
    }
}
