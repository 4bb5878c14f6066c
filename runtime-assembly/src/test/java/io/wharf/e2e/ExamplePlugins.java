package io.wharf.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The Python example plugins of plugins-examples/, started as their READMEs say, each on its own socket; closing
 * stops them (SIGTERM: each removes its socket) and removes what sockets are left.
 */
final class ExamplePlugins implements AutoCloseable {
    static final Path EXAMPLES = Path.of(System.getProperty("wharf.examples", "../plugins-examples"));
    private static final String PYTHON = "/usr/bin/python3";
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> sockets = new ArrayList<>();

    /** The config.json mounts a Python plugin needs: the host's /usr, /lib and /lib64, read-only. */
    static final String HOST_PYTHON_MOUNTS = """
            {"source": "/usr", "destination": "/usr", "type": "bind", "options": ["rbind", "ro"]},
            {"source": "/lib", "destination": "/lib", "type": "bind", "options": ["rbind", "ro"]},
            {"source": "/lib64", "destination": "/lib64", "type": "bind", "options": ["rbind", "ro"]}""";

    /**
     * A folder for {@code docker plugin create}: {@code config.json} and a rootfs of the one example script (and
     * the directory its socket goes in), as a plugin author packages a Python plugin whose config binds the host's
     * /usr, /lib and /lib64 read-only.
     */
    static Path managedPluginFolder(Path dir, String script, String configJson) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.copy(EXAMPLES.resolve(script), rootfs.resolve(Path.of(script).getFileName()));
        Files.createDirectories(rootfs.resolve("run/docker/plugins"));
        Files.writeString(dir.resolve("config.json"), configJson);
        return dir;
    }

    /** A plugin name no other run uses, so several daemons and runs can share /run/docker/plugins. */
    static String uniqueName(String base) {
        return base + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Runs {@code plugins-examples/SCRIPT --socket SOCKET ARGS}, output in {@code log}, and waits for its socket.
     */
    void start(String script, Path socket, Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, EXAMPLES.resolve(script).toString(), "--socket",
                socket.toString()));
        command.addAll(List.of(args));
        sockets.add(socket);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(script + " did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (Path socket : sockets) {
            Files.deleteIfExists(socket);
        }
    }
}
