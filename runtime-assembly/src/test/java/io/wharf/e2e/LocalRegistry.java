package io.wharf.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry (distribution v2) on 127.0.0.1 with private storage, optionally with htpasswd auth. */
final class LocalRegistry implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path dir;

    private LocalRegistry(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    static LocalRegistry start(Path dir, String user, String password) throws Exception {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n")
                .append("    rootdirectory: ").append(dir.resolve("data")).append("\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append("\n");
        if (user != null) {
            Process h = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
            String line = new String(h.getInputStream().readAllBytes()).strip();
            if (h.waitFor() != 0) {
                throw new IOException("htpasswd failed (apt-get install apache2-utils)");
            }
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            config.append("auth:\n  htpasswd:\n    realm: wharf-test\n    path: ").append(dir.resolve("htpasswd"))
                    .append("\n");
        }
        Files.writeString(dir.resolve("config.yml"), config.toString());
        Process p = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new LocalRegistry(port, p, dir);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
