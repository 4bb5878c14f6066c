package io.wharf.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkNamespaceThreadTest {
    private static final Path OWN_NAMESPACE = Path.of("/proc/self/ns/net");

    @Test
    void runsTheWorkOnAThreadThatJoinedTheNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "setns needs CAP_SYS_ADMIN");
        String caller = Thread.currentThread().getName();
        String[] seen = new String[2];
        NetworkNamespaceThread.run(OWN_NAMESPACE, () -> {
            seen[0] = Thread.currentThread().getName();
            seen[1] = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        });
        assertNotEquals(caller, seen[0]);
        assertEquals(Files.readSymbolicLink(OWN_NAMESPACE).toString(), seen[1]);
    }

    @Test
    void theWorksFailureReachesTheCaller() {
        assumeTrue("root".equals(System.getProperty("user.name")), "setns needs CAP_SYS_ADMIN");
        IOException failure = new IOException("cannot write");
        assertSame(failure, assertThrows(IOException.class, () -> NetworkNamespaceThread.run(OWN_NAMESPACE, () -> {
            throw failure;
        })));
    }

    @Test
    void aFileThatIsNoNamespaceIsRefusedBeforeTheWorkRuns(@TempDir Path dir) throws IOException {
        Path notANamespace = Files.writeString(dir.resolve("plain"), "x");
        boolean[] ran = {false};
        LinuxException e = assertThrows(LinuxException.class,
                () -> NetworkNamespaceThread.run(notANamespace, () -> ran[0] = true));
        assertTrue(e.getMessage().startsWith("cannot join the network namespace " + notANamespace), e.getMessage());
        assertEquals(false, ran[0]);
        assertThrows(LinuxException.class, () -> NetworkNamespaceThread.run(dir.resolve("missing"), () -> { }));
    }
}
