package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams to a real receiver, and the LISTEN_FDS rules of socket activation. */
class SystemdProtocolsTest {
    @TempDir
    Path dir;

    @Test
    void notifyReachesAPathSocket() throws Exception {
        String path = dir.resolve("notify").toString();
        assertEquals("READY=1\nSTATUS=up", receiveOne(path, "READY=1\nSTATUS=up"));
    }

    @Test
    void notifyReachesAnAbstractSocket() throws Exception {
        String name = "@wharf-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        assertEquals("READY=1", receiveOne(name, "READY=1"));
    }

    @Test
    void abstractAddressesCarryNoTerminatingNul() throws Exception {
        assertArrayEquals(new byte[] {1, 0, 0, 'a', 'b'}, SystemdNotify.address("@ab"));
        assertArrayEquals(new byte[] {1, 0, '/', 'a', 0}, SystemdNotify.address("/a"));
        assertThrows(LinuxException.class, () -> SystemdNotify.address("relative"));
        assertThrows(LinuxException.class, () -> SystemdNotify.address("/" + "x".repeat(120)));
    }

    @Test
    void listenFdsAreForTheNamedProcessOnly() {
        assertEquals(List.of(3, 4), SocketActivation.listenFds(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2"), 42));
        assertEquals(List.of(), SocketActivation.listenFds(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "2"), 42));
        assertEquals(List.of(), SocketActivation.listenFds(Map.of("LISTEN_FDS", "1"), 42));
        assertEquals(List.of(), SocketActivation.listenFds(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "x"), 42));
    }

    @Test
    void onlyAListeningUnixStreamSocketIsAdopted() {
        // descriptor 2 (stderr) is no socket: refused before any descriptor is touched
        LinuxException e = assertThrows(LinuxException.class, () -> SocketActivation.moveToStandardInput(2));
        assertTrue(e.getMessage().contains("descriptor 2"), e.getMessage());
    }

    /** Sends {@code message} to a datagram socket a Python receiver binds at {@code name}, returns what it got. */
    private static String receiveOne(String name, String message) throws Exception {
        String script = "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
                + "n=sys.argv[1]\n"
                + "s.bind('\\0'+n[1:] if n.startswith('@') else n)\n"
                + "print('bound',flush=True)\n"
                + "s.settimeout(10)\n"
                + "sys.stdout.write(s.recv(4096).decode().replace('\\n','|'))\n";
        Process receiver = new ProcessBuilder("/usr/bin/python3", "-c", script, name).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("bound", out.readLine());
            SystemdNotify.send(name, message);
            String got = out.readLine();
            assertTrue(receiver.waitFor(10, TimeUnit.SECONDS));
            return got == null ? null : got.replace('|', '\n');
        } finally {
            receiver.destroyForcibly();
        }
    }
}
