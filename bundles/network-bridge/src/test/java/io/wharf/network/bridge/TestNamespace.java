package io.wharf.network.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a container: a busybox sleep in its own network namespace, plus the processes started in it.
 * Closing kills them all (only these processes, by their handles).
 */
final class TestNamespace implements AutoCloseable {
    private final Process sleeper;
    private final List<Process> started = new ArrayList<>();

    TestNamespace() throws IOException, InterruptedException {
        sleeper = new ProcessBuilder("unshare", "--net", "/bin/busybox", "sleep", "120")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String hostNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.readSymbolicLink(Path.of(path())).toString().equals(hostNamespace)) {
            if (System.nanoTime() > deadline || !sleeper.isAlive()) {
                close();
                throw new IOException("unshare --net did not start");
            }
            Thread.sleep(5);
        }
    }

    String path() {
        return "/proc/" + sleeper.pid() + "/ns/net";
    }

    /** Starts a program inside the namespace and leaves it running. */
    void start(String... command) throws IOException {
        started.add(new ProcessBuilder(inside(command)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Runs a program inside the namespace; returns its exit code and output. */
    Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(inside(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }

    private List<String> inside(String... command) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + path()));
        all.addAll(List.of(command));
        return all;
    }

    @Override
    public void close() {
        for (Process process : started) {
            process.destroyForcibly();
        }
        sleeper.destroyForcibly();
        try {
            sleeper.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
