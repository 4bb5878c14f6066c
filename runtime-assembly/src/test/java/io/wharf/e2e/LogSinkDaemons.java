package io.wharf.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The log endpoints the log driver tests start on private paths: an rsyslogd listening on a loopback UDP port, a
 * loopback TCP port and a unix datagram socket, writing what it receives to a file; and a systemd-journald in a
 * mount namespace of its own (a tmpfs over /run, its socket folder and journal folder bound from the test's),
 * which runs without systemd as PID 1 and never touches the host's /run or /var/log/journal.
 */
final class LogSinkDaemons {
    private LogSinkDaemons() {
    }

    /** An rsyslogd of the test's; {@link #received} lines are {@code inputname pri msg|rawmsg}. */
    static final class Rsyslog implements AutoCloseable {
        final int udpPort;
        final int tcpPort;
        final Path unixSocket;
        final Path out;
        private final Process process;

        Rsyslog(Path dir) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            udpPort = freeUdpPort();
            tcpPort = freeTcpPort();
            unixSocket = dir.resolve("log.sock");
            out = dir.resolve("received.log");
            Path conf = dir.resolve("rsyslog.conf");
            Files.writeString(conf, String.join("\n",
                    "global(workDirectory=\"" + dir + "\")",
                    "module(load=\"imuxsock\" SysSock.Use=\"off\")",
                    "module(load=\"imudp\")",
                    "module(load=\"imtcp\")",
                    "input(type=\"imuxsock\" Socket=\"" + unixSocket + "\" CreatePath=\"on\")",
                    "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\")",
                    "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\")",
                    "template(name=\"raw\" type=\"string\" string=\"%inputname% %pri% %msg%|%rawmsg%\\n\")",
                    "*.* action(type=\"omfile\" file=\"" + out + "\" template=\"raw\")", ""));
            process = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(listening(tcpPort) && Files.exists(unixSocket))) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("rsyslogd did not start: "
                            + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(50);
            }
        }

        /** Waits until the received lines hold one that matches. */
        String await(Predicate<String> match) throws IOException, InterruptedException {
            return LogSinkDaemons.await(() -> Files.exists(out) ? Files.readAllLines(out) : List.of(), match,
                    "rsyslogd received no matching line");
        }

        List<String> received() throws IOException {
            return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A systemd-journald of the test's: {@link #socket} is its native socket, {@link #entries} reads its journal. */
    static final class Journald implements AutoCloseable {
        final Path socket;
        private final Path journal;
        private final Process process;

        Journald(Path dir) throws IOException, InterruptedException {
            Path sockets = Files.createDirectories(dir.resolve("sockets"));
            journal = Files.createDirectories(dir.resolve("journal"));
            socket = sockets.resolve("socket");
            String script = "mount -t tmpfs tmpfs /run && mkdir -p /run/systemd/journal /run/log/journal"
                    + " && mount --bind \"$1\" /run/systemd/journal && mount --bind \"$2\" /run/log/journal"
                    + " && if [ -d /var/log/journal ]; then mount --bind \"$2\" /var/log/journal; fi"
                    + " && exec /lib/systemd/systemd-journald";
            process = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                    sockets.toString(), journal.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("journald.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(socket)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("systemd-journald did not start: "
                            + Files.readString(dir.resolve("journald.out")));
                }
                Thread.sleep(50);
            }
        }

        /** The entries of {@code journalctl -o json FIELD=value}, one JSON object a line. */
        List<String> entries(String match) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("journalctl", "-D", journal.toString(), "-o", "json", "--no-pager",
                    match).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }

        /** Waits until {@code count} entries match (returns what there is after 20 s). */
        List<String> await(String match, int count) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> entries = entries(match);
            while (entries.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
                entries = entries(match);
            }
            return entries;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @FunctionalInterface
    private interface Lines {
        List<String> get() throws IOException, InterruptedException;
    }

    private static String await(Lines lines, Predicate<String> match, String failure)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (String l : lines.get()) {
                if (match.test(l)) {
                    return l;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + ": " + lines.get());
            }
            Thread.sleep(100);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
