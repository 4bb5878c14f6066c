package io.wharf.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.api.errors.EngineException;
import io.wharf.containers.attach.DetachKeyFilter;
import io.wharf.containers.attach.DetachKeys;
import io.wharf.containers.create.Capabilities;
import io.wharf.containers.create.EtcFiles;
import io.wharf.containers.create.RootfsFiles;
import io.wharf.containers.support.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportTest {
    @TempDir
    Path tmp;

    @Test
    void detachKeysParseLikeMobyTerm() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse(null));
        assertArrayEquals(new byte[] {'a', 0, 28}, DetachKeys.parse("a,ctrl-@,ctrl-\\"));
        assertArrayEquals(new byte[] {1, 26, 27, 31}, DetachKeys.parse("ctrl-a,ctrl-Z,ctrl-[,ctrl-_"));
        EngineException e = assertThrows(EngineException.class, () -> DetachKeys.parse("ctrl-1"));
        assertEquals("Invalid detach keys (ctrl-1) provided", e.getMessage());
        assertThrows(EngineException.class, () -> DetachKeys.parse("ab"));
    }

    @Test
    void detachFilterHoldsPartialSequences() {
        DetachKeyFilter f = new DetachKeyFilter(new byte[] {16, 17});
        DetachKeyFilter.Result r = f.filter(new byte[] {'a', 16}, 0, 2);
        assertArrayEquals(new byte[] {'a'}, r.forward());
        assertFalse(r.detach());
        r = f.filter(new byte[] {'b'}, 0, 1); // not a detach after all: the held byte goes on
        assertArrayEquals(new byte[] {16, 'b'}, r.forward());
        r = f.filter(new byte[] {'x', 16, 17, 'y'}, 0, 4);
        assertArrayEquals(new byte[] {'x'}, r.forward());
        assertTrue(r.detach());
        r = new DetachKeyFilter(new byte[] {16, 17}).filter(new byte[] {16, 16, 17}, 0, 3);
        assertArrayEquals(new byte[] {16}, r.forward());
        assertTrue(r.detach());
    }

    @Test
    void signals() {
        assertEquals(9, Signals.parse("KILL"));
        assertEquals(9, Signals.parse("SIGKILL"));
        assertEquals(15, Signals.parse("term"));
        assertEquals(10, Signals.parse("10"));
        assertEquals(35, Signals.parse("SIGRTMIN+1"));
        assertThrows(EngineException.class, () -> Signals.parse("SIGFOO"));
        assertThrows(EngineException.class, () -> Signals.parse("0"));
        assertEquals(15, Signals.stopSignal(""));
        assertEquals(3, Signals.stopSignal("SIGQUIT"));
    }

    @Test
    void capabilities() {
        assertEquals(Capabilities.DEFAULTS, Capabilities.effective(null, null, false));
        List<String> none = Capabilities.effective(List.of("chown"), List.of("ALL"), false);
        assertEquals(List.of("CAP_CHOWN"), none);
        List<String> all = Capabilities.effective(List.of("ALL"), List.of("SYS_ADMIN"), false);
        assertTrue(all.contains("CAP_SYS_PTRACE"));
        assertFalse(all.contains("CAP_SYS_ADMIN"));
        assertTrue(Capabilities.effective(null, null, true).contains("CAP_SYS_ADMIN"));
    }

    @Test
    void resolvConfReplacesLoopbackServers() {
        String host = "nameserver 127.0.0.53\nnameserver 10.0.0.1\noptions edns0\nsearch a b\n";
        assertEquals("nameserver 10.0.0.1\nsearch a b\noptions edns0\n",
                EtcFiles.resolvConf(host, false, null, null, null));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
                EtcFiles.resolvConf("nameserver 127.0.0.1\n", false, null, null, null));
        assertEquals("nameserver 127.0.0.1\n", EtcFiles.resolvConf("nameserver 127.0.0.1\n", true, null, null, null));
        assertEquals("nameserver 1.1.1.1\nsearch x\n",
                EtcFiles.resolvConf(host, false, List.of("1.1.1.1"), List.of("x"), List.of()).replace("options edns0\n", ""));
    }

    @Test
    void rootfsFilesNeverLeaveTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(tmp.resolve("secret"), "host secret");
        Files.writeString(root.resolve("etc/real"), "inside");
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("/etc/real"));
        Files.createSymbolicLink(root.resolve("etc/group"), Path.of("../../../secret"));
        assertEquals("inside", new String(RootfsFiles.read(root, "/etc/passwd").orElseThrow()));
        assertTrue(RootfsFiles.read(root, "/etc/group").isEmpty(), "a link out of the root stays inside it");
        assertTrue(RootfsFiles.read(root, "/etc/missing").isEmpty());
    }
}
