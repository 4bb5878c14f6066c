package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stat, getrlimit, FIFO writes and SOCK_SEQPACKET sockets against the real kernel. */
class LinuxProcessCallsTest {
    private final LinuxFs fs = LinuxFs.get();

    @TempDir
    Path dir;

    @Test
    void statReadsDeviceNumbersAndModes() throws Exception {
        FileStat nul = fs.stat(Path.of("/dev/null"));
        assertTrue(nul.isCharDevice());
        assertEquals(1, LinuxFs.major(nul.rdev()));
        assertEquals(3, LinuxFs.minor(nul.rdev()));
        assertEquals(0666, nul.permissions());
        Path file = Files.createFile(dir.resolve("f"));
        fs.chmod(file, 0640);
        FileStat stat = fs.stat(file);
        assertEquals(LinuxFs.S_IFREG | 0640, stat.mode());
        assertEquals(Files.getAttribute(file, "unix:uid"), stat.uid());
        assertThrows(LinuxException.class, () -> fs.stat(dir.resolve("missing")));
    }

    @Test
    void resourceLimitsMatchProcSelfLimits() throws Exception {
        ResourceLimits.Limit nofile = ResourceLimits.current("RLIMIT_NOFILE");
        String limits = Files.readString(Path.of("/proc/self/limits"));
        String line = limits.lines().filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
        assertEquals(Long.parseLong(fields[1]), nofile.hard());
        assertTrue(ResourceLimits.isKnown("rlimit_core"));
        assertThrows(LinuxException.class, () -> ResourceLimits.current("RLIMIT_BOGUS"));
    }

    @Test
    void fifoWritesNeverBlockWithoutReader() throws Exception {
        Path fifo = dir.resolve("ctl");
        fs.makeFifo(fifo, 0600);
        assertFalse(fs.writeFifo(fifo, "x".getBytes(StandardCharsets.US_ASCII)));
        Process reader = new ProcessBuilder("/bin/sh", "-c", "head -n 1 < " + fifo).start();
        boolean written = false;
        for (int i = 0; i < 200 && !written; i++) {
            written = fs.writeFifo(fifo, "1 24 80\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(10);
        }
        assertTrue(written);
        assertTrue(reader.waitFor(5, TimeUnit.SECONDS));
        assertEquals("1 24 80\n", new String(reader.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void seqPacketRoundTripWithPython() throws Exception {
        Path socket = dir.resolve("s");
        // A tiny SOCK_SEQPACKET echo server: echoes each packet prefixed with 0x02 until the client half-closes.
        String server = "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET); s.bind(sys.argv[1]); s.listen(1)\n"
                + "print('ready',flush=True)\n"
                + "c,_=s.accept()\n"
                + "while True:\n"
                + "  d=c.recv(8192)\n"
                + "  if not d: break\n"
                + "  c.send(b'\\x02'+d)\n"
                + "c.send(b'\\x03bye'); c.close()\n";
        Process python = new ProcessBuilder("python3", "-c", server, socket.toString()).start();
        try (InputStream out = python.getInputStream()) {
            out.read(new byte[6]);
            try (SeqPacketSocket client = SeqPacketSocket.connect(socket)) {
                client.send("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
                byte[] buffer = new byte[8193];
                int n = client.receive(buffer);
                assertArrayEquals("\u0002hello".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(buffer, n));
                client.shutdownOutput();
                n = client.receive(buffer);
                assertEquals("\u0003bye", new String(buffer, 0, n, StandardCharsets.US_ASCII));
                assertEquals(0, client.receive(buffer));
            }
        } finally {
            python.destroy();
        }
        assertThrows(LinuxException.class, () -> SeqPacketSocket.connect(dir.resolve("none")));
    }

    @Test
    void closeWakesABlockedReceive() throws Exception {
        Path socket = dir.resolve("s2");
        String server = "import socket,sys,time\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET); s.bind(sys.argv[1]); s.listen(1)\n"
                + "print('ready',flush=True)\n"
                + "c,_=s.accept(); time.sleep(30)\n";
        Process python = new ProcessBuilder("python3", "-c", server, socket.toString()).start();
        try (InputStream out = python.getInputStream()) {
            out.read(new byte[6]);
            SeqPacketSocket client = SeqPacketSocket.connect(socket);
            int[] received = {-1};
            Thread reader = new Thread(() -> {
                try {
                    received[0] = client.receive(new byte[8193]);
                } catch (Exception e) {
                    received[0] = -2;
                }
            });
            reader.start();
            Thread.sleep(100);
            client.close();
            reader.join(5000);
            assertFalse(reader.isAlive());
            assertEquals(0, received[0]);
        } finally {
            python.destroy();
        }
    }
}
