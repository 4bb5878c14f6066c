package io.wharf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A tmux server of the test's own (its own socket), whose one window runs a command on a real terminal: keys
 * are typed into it and its screen is read back. Debian's tmux (scripts/install-host-packages.sh).
 */
final class Tmux implements AutoCloseable {
    private final Path socket;

    private Tmux(Path socket) {
        this.socket = socket;
    }

    /** Starts {@code command} (a shell line) in an 200x50 window that stays open after the command ends. */
    static Tmux start(Path dir, String command) throws IOException, InterruptedException {
        Tmux tmux = new Tmux(dir.resolve("tmux.sock"));
        tmux.run("new-session", "-d", "-x", "200", "-y", "50", "sh", "-c", command + "; echo \"EXITED $?\"; sleep 600");
        return tmux;
    }

    /** Types keys as tmux names them ({@code C-p}, {@code Enter}) or, with {@code -l}, literally. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    void type(String text) throws IOException, InterruptedException {
        keys("-l", text);
        keys("Enter");
    }

    String screen() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", "0", "-S", "-50");
    }

    /** Waits up to 20 s for the screen to satisfy {@code test}; returns the screen either way. */
    String await(Predicate<String> test) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String screen = screen();
        while (!test.test(screen) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            screen = screen();
        }
        return screen;
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("kill-server");
    }
}
