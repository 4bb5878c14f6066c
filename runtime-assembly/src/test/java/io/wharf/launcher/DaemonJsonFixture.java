package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Parses a daemon.json written to a test's directory, with flags after it, as wharfd's command line does. */
final class DaemonJsonFixture {
    private DaemonJsonFixture() {
    }

    static Map<String, Object> options(Path dir, String json, String... flags) throws IOException {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        String[] args = new String[flags.length + 2];
        args[0] = "--config-file";
        args[1] = file.toString();
        System.arraycopy(flags, 0, args, 2, flags.length);
        return DaemonOptions.parse(args).values;
    }
}
